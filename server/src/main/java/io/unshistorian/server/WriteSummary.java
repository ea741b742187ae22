package io.unshistorian.server;

import java.util.ArrayList;
import java.util.List;

/**
 * What one Write stream did, for its audit line: batches stored and refused, samples stored, and
 * the namespaces written (the first two levels of each path, up to a handful, so that a summary
 * stays one short line).
 */
final class WriteSummary {
    private static final int MAX_NAMESPACES = 8;

    private long batches;
    private long rejectedBatches;
    private long samples;
    private final List<String> namespaces = new ArrayList<>(MAX_NAMESPACES);
    private boolean moreNamespaces;

    void stored(List<String> paths, int storedSamples) {
        batches++;
        samples += storedSamples;
        if (moreNamespaces) {
            return;
        }
        for (String path : paths) {
            if (known(path)) {
                continue;
            }
            if (namespaces.size() == MAX_NAMESPACES) {
                moreNamespaces = true;
                return;
            }
            int first = path.indexOf('/');
            int second = first < 0 ? -1 : path.indexOf('/', first + 1);
            namespaces.add(second < 0 ? path : path.substring(0, second));
        }
    }

    /** Whether {@code path} is in a namespace seen already (without allocating: this runs per series of every batch). */
    private boolean known(String path) {
        for (int i = 0; i < namespaces.size(); i++) {
            String namespace = namespaces.get(i);
            if (path.startsWith(namespace)
                && (path.length() == namespace.length() || path.charAt(namespace.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    void rejected() {
        rejectedBatches++;
    }

    boolean any() {
        return batches > 0 || rejectedBatches > 0;
    }

    String namespaces() {
        StringBuilder text = new StringBuilder();
        for (String namespace : namespaces.stream().sorted().toList()) {
            text.append(text.length() == 0 ? "" : ",").append(namespace).append(namespace.indexOf('/') < 0 ? "" : "/#");
        }
        return text.append(moreNamespaces ? ",…" : "").toString();
    }

    String counts() {
        return "batches=" + batches + " samples=" + samples + " rejected_batches=" + rejectedBatches;
    }
}
