package io.unshistorian.cli;

import picocli.CommandLine;

/** Reports the version recorded in the jar manifest, or "development" when run from classes. */
final class HistorianVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = HistorianCli.class.getPackage().getImplementationVersion();
        return new String[] {"UNS Historian " + (version == null ? "development" : version)};
    }
}
