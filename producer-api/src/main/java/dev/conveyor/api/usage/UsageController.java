package dev.conveyor.api.usage;

import dev.conveyor.api.ApiSettings;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/** Usage and cost per tenant, answered from the billing ledger that billing-consumer keeps. */
@RestController
class UsageController {

    private final RestClient billing;

    UsageController(ApiSettings settings) {
        this.billing = RestClient.builder().baseUrl(settings.billingUrl()).build();
    }

    @GetMapping(value = "/v1/usage", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> usage(
            @RequestParam String tenant,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(name = "group_by", required = false) String groupBy) {
        var uri = UriComponentsBuilder.fromPath("/v1/usage").queryParam("tenant", tenant);
        if (from != null) uri.queryParam("from", from);
        if (to != null) uri.queryParam("to", to);
        if (groupBy != null) uri.queryParam("group_by", groupBy);
        return billing.get()
                .uri(uri.build().toUriString())
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(String.class);
    }
}
