package dev.conveyor.api.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The web console at {@code /console}: a static page in this jar ({@code static/console}) that
 * signs in with an API key, keeps it in the tab's sessionStorage and calls the {@code /v1} API with
 * it as a bearer token. Nothing is fetched from anywhere but this server.
 */
@Controller
class ConsoleController {

    @GetMapping({"/console", "/console/"})
    String console() {
        return "forward:/console/index.html";
    }
}
