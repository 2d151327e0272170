package dev.conveyor.launcher;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression selects: what is left once functions, labels and numbers are set aside. */
final class PromQl {

    private static final Set<String> NOT_METRICS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "count",
            "stddev",
            "stdvar",
            "topk",
            "bottomk",
            "quantile",
            "count_values",
            "group",
            "rate",
            "irate",
            "increase",
            "delta",
            "idelta",
            "deriv",
            "histogram_quantile",
            "abs",
            "ceil",
            "floor",
            "round",
            "clamp",
            "clamp_min",
            "clamp_max",
            "label_replace",
            "label_join",
            "vector",
            "scalar",
            "time",
            "absent",
            "sort",
            "sort_desc",
            "avg_over_time",
            "max_over_time",
            "min_over_time",
            "sum_over_time",
            "count_over_time",
            "last_over_time",
            "changes",
            "resets",
            "and",
            "or",
            "unless",
            "offset",
            "bool",
            "inf",
            "nan");
    /** Label matchers, grouping clauses, strings, range selectors, Grafana variables. */
    private static final Pattern SET_ASIDE = Pattern.compile(
            "\\{[^}]*}|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)|\"[^\"]*\"|\\[[^]]*]|\\$\\w+");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {}

    static Set<String> metricNames(String expr) {
        String left = SET_ASIDE.matcher(expr).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(left);
        while (name.find()) {
            boolean partOfNumber = name.start() > 0 && Character.isDigit(left.charAt(name.start() - 1));
            if (!partOfNumber && !NOT_METRICS.contains(name.group().toLowerCase(java.util.Locale.ROOT))) {
                names.add(name.group());
            }
        }
        return names;
    }
}
