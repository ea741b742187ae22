package io.unshistorian.embedded;

/**
 * One child of a namespace node, as {@link Historian#browse} lists it: its last segment, its full
 * path, whether a series is stored at exactly that path, and whether anything is stored below it.
 */
public record NamespaceNode(String segment, String path, boolean isSeries, boolean hasChildren) {
}
