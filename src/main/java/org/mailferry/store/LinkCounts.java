package org.mailferry.store;

/**
 * What {@code backup --dedupe} saved: messages stored as hard links to an identical message the
 * archive held already ({@link WriteOutcome.Kind#LINKED}), the bytes not written for them, and the
 * messages copied although a twin was there, because the link failed (another file system, too
 * many links, no hard links).
 */
public record LinkCounts(long linked, long bytesSaved, long notLinked) {

    public static final LinkCounts NONE = new LinkCounts(0, 0, 0);

    public LinkCounts plus(LinkCounts o) {
        return new LinkCounts(linked + o.linked, bytesSaved + o.bytesSaved, notLinked + o.notLinked);
    }

    public boolean any() {
        return linked > 0 || notLinked > 0;
    }
}
