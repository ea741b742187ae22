package io.unshistorian.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.unshistorian.embedded.Historian;
import io.unshistorian.forward.ForwardState;
import io.unshistorian.forward.ForwardStatus;
import io.unshistorian.grpc.v1.ForwardGap;
import io.unshistorian.grpc.v1.ForwarderInfo;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.ServerInfoRequest;
import io.unshistorian.grpc.v1.ServerInfoResponse;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code historian forward status}: whether the central holds everything this edge accepted, and what is missing. */
@Command(name = "forward", mixinStandardHelpOptions = true, description = "Store-and-forward to a central historian "
    + "(serve --forward-to; docs/forwarding.md).", subcommands = ForwardCommand.Status.class)
final class ForwardCommand {
    /** The proto form of a forwarder's status, for ServerInfo. */
    static ForwarderInfo info(ForwardStatus status) {
        ForwarderInfo.Builder info = ForwarderInfo.newBuilder().setTarget(status.target()).setOrigin(status.origin())
            .setEdgeLastSequence(status.edgeLastSequence()).setAcknowledged(status.acknowledged())
            .setSamplesForwarded(status.samplesForwarded()).setLastError(status.lastError())
            .setLastAckMs(status.lastAckMillis()).setComplete(status.complete());
        for (ForwardState.Gap gap : status.gaps()) {
            info.addGaps(ForwardGap.newBuilder().setFromSequence(gap.from()).setToSequence(gap.to())
                .setReason(gap.reason()));
        }
        for (ForwardState.Gap done : status.backfilled()) {
            info.addBackfilled(ForwardGap.newBuilder().setFromSequence(done.from()).setToSequence(done.to())
                .setReason(done.reason()));
        }
        return info.build();
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "How far forwarding has come: the "
        + "edge's last batch against the last one the central acknowledged, gaps, the last error. Exit code 0 "
        + "when the central holds everything, 3 when not (yet).")
    static final class Status implements Callable<Integer> {
        @Mixin
        private Connection connection;

        @Option(names = "--ledger", description = "With --data: also each series' samples and time range the "
            + "central acknowledged.")
        private boolean ledger;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (connection.data != null) {
                return fromDirectory(out);
            }
            return connection.with(channel -> {
                ServerInfoResponse info = HistorianGrpc.newBlockingStub(channel).serverInfo(
                    ServerInfoRequest.getDefaultInstance());
                if (!info.hasForwarder()) {
                    throw new IOException("the server is not forwarding (start it with --forward-to HOST:PORT), or "
                        + "the caller is not an administrator of '#'");
                }
                print(out, info.getForwarder());
                return info.getForwarder().getComplete() ? 0 : 3;
            });
        }

        private int fromDirectory(PrintWriter out) throws IOException {
            Path directory = DataDirectories.existing(connection.data);
            List<Path> states;
            Path forward = directory.resolve("forward");
            try (Stream<Path> files = Files.isDirectory(forward) ? Files.list(forward) : Stream.empty()) {
                states = files.filter(file -> file.getFileName().toString().endsWith(".state")).sorted().toList();
            }
            if (states.isEmpty()) {
                throw new IOException(directory + " has never forwarded (no forward/*.state); start `historian serve "
                    + "--forward-to HOST:PORT`");
            }
            long last;
            try (Historian historian = DataDirectories.open(directory)) {
                last = historian.lastSequence();
            }
            boolean complete = true;
            for (Path file : states) {
                ForwardState state = ForwardState.read(file);
                String name = file.getFileName().toString().replaceFirst("\\.state$", "");
                ForwardStatus status = new ForwardStatus("(not running)", name + "/" + state.incarnation(), last,
                    state.acknowledged(), state.samples(), state.gaps(), state.backfilled(), "", 0);
                print(out, info(status));
                complete &= status.complete();
                if (ledger) {
                    out.println("series acknowledged by the central (edge path, samples, first, last):");
                    for (Map.Entry<String, ForwardState.SeriesLedger> entry : state.series().entrySet()) {
                        ForwardState.SeriesLedger series = entry.getValue();
                        out.printf("  %s  %,d  %s  %s%n", entry.getKey(), series.samples(),
                            java.time.Instant.ofEpochSecond(0, series.firstNanos()),
                            java.time.Instant.ofEpochSecond(0, series.lastNanos()));
                    }
                }
            }
            out.flush();
            return complete ? 0 : 3;
        }

        private static void print(PrintWriter out, ForwarderInfo info) {
            long behind = Math.max(0, info.getEdgeLastSequence() - info.getAcknowledged());
            out.printf("forwarding to %s as %s%n", info.getTarget(), info.getOrigin());
            out.printf("edge batches: last %d, acknowledged through %d (%d behind)%n", info.getEdgeLastSequence(),
                info.getAcknowledged(), behind);
            out.printf("samples forwarded: %,d%n", info.getSamplesForwarded());
            if (info.getGapsCount() == 0) {
                out.println("gaps: none");
            }
            for (ForwardGap gap : info.getGapsList()) {
                out.printf("gap: edge batches %d..%d: %s%n", gap.getFromSequence(), gap.getToSequence(), gap.getReason());
            }
            for (ForwardGap done : info.getBackfilledList()) {
                out.printf("sent from blocks: edge batches %d..%d: %s%n", done.getFromSequence(), done.getToSequence(),
                    done.getReason());
            }
            if (!info.getLastError().isEmpty()) {
                out.println("last error: " + info.getLastError());
            }
            out.println(info.getComplete() ? "complete: the central holds every batch this edge accepted"
                : "complete: no" + (behind > 0 ? ", " + behind + " batches still to send" : "")
                + (info.getGapsCount() > 0 ? ", gaps listed above" : ""));
            out.flush();
        }
    }
}
