package io.unshistorian.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar manifest, or "development" when run from classes. */
final class HistorianVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"UNS Historian " + version()};
    }

    static String version() {
        String version = HistorianCli.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
