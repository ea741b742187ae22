package io.unshistorian.server;

import java.util.ArrayList;
import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.NamespaceNode;
import io.unshistorian.query.Selection;
import io.unshistorian.server.security.Access;
import io.unshistorian.server.security.AccessDenied;
import io.unshistorian.server.security.Right;

/**
 * The namespace tree as one caller may see it: a node appears only when a series the caller may
 * read is at or below it, and says it has children only when such a series is below it, so that
 * browsing reveals nothing of what the caller may not read.
 */
public final class VisibleNamespace {
    private final Historian historian;
    private final Access access;

    public VisibleNamespace(Historian historian, Access access) {
        this.historian = historian;
        this.access = access;
    }

    public List<NamespaceNode> children(String path) {
        if (!access.hasAny(Right.READ)) {
            throw new AccessDenied(access.principal().name() + " has no read grant");
        }
        List<NamespaceNode> all = historian.browse(path);
        if (access.readsEverything()) {
            return all;
        }
        List<NamespaceNode> visible = new ArrayList<>(all.size());
        for (NamespaceNode child : all) {
            if (access.readsSubtree(child.path())) {
                visible.add(child);
                continue;
            }
            boolean series = child.isSeries() && access.canRead(child.path());
            boolean below = child.hasChildren() && anyReadable(child.path() + "/+/#");
            if (series || below) {
                visible.add(new NamespaceNode(child.segment(), child.path(), series, below));
            }
        }
        return visible;
    }

    private boolean anyReadable(String filter) {
        return !historian.query().select(Selection.of(filter).visibleOnly(access::canRead)).isEmpty();
    }
}
