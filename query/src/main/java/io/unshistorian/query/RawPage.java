package io.unshistorian.query;

/**
 * The outcome of a raw read page: how many samples it delivered and, when the limit stopped it,
 * the cursor that resumes right after the last one (null when the range is exhausted).
 */
public record RawPage(long samples, String nextCursor) {
}
