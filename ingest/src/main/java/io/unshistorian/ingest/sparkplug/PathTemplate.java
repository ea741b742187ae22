package io.unshistorian.ingest.sparkplug;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Sparkplug metric is stored: a template over {@code {group}}, {@code {node}}, {@code
 * {device}} and {@code {metric}} (default {@code {group}/{node}/{device}/{metric}}), so a Sparkplug
 * plant and a plain UNS can share one namespace (e.g. {@code acme/{group}/{node}/{metric}}). A
 * node-level metric has no device: the level that would hold it is left out, never left empty.
 */
final class PathTemplate {
    static final String DEFAULT = "{group}/{node}/{device}/{metric}";
    private static final Pattern FIELD = Pattern.compile("\\{(group|node|device|metric)}");

    private final String template;

    PathTemplate(String template) {
        if (!template.contains("{metric}")) {
            throw new IllegalArgumentException("sparkplug.path '" + template + "' has no {metric}");
        }
        Matcher unknown = Pattern.compile("\\{(?!(group|node|device|metric)})[^}]*}").matcher(template);
        if (unknown.find()) {
            throw new IllegalArgumentException("sparkplug.path '" + template + "': " + unknown.group()
                + " is not one of {group}, {node}, {device}, {metric}");
        }
        this.template = template;
    }

    String pathOf(String group, String node, String device, String metric) {
        Matcher field = FIELD.matcher(template);
        StringBuilder path = new StringBuilder(template.length() + metric.length() + 32);
        int from = 0;
        while (field.find()) {
            path.append(template, from, field.start());
            String value;
            switch (field.group(1)) {
                case "group":
                    value = group;
                    break;
                case "node":
                    value = node;
                    break;
                case "device":
                    value = device;
                    break;
                default:
                    value = metric;
            }
            if (value == null) {
                // No device: drop the field and one separator next to it.
                if (path.length() > 0 && path.charAt(path.length() - 1) == '/') {
                    path.setLength(path.length() - 1);
                } else if (field.end() < template.length() && template.charAt(field.end()) == '/') {
                    from = field.end() + 1;
                    continue;
                }
            } else {
                path.append(value);
            }
            from = field.end();
        }
        path.append(template, from, template.length());
        return path.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
