package io.unshistorian.archive;

import java.util.List;

/**
 * What one archive run did: days exported (new or changed since the last run), days left as they
 * were, days not cold yet, files and rows written, and what it could not read or chose to keep.
 */
public record ArchiveReport(int daysExported, int daysUnchanged, int daysNotColdYet, int files, long rows, long bytes,
                            double seconds, List<String> problems) {
}
