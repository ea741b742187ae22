package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.client.WriteStream;
import io.unshistorian.grpc.v1.ForwarderInfo;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.ServerInfoRequest;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.testkit.ChildJvm;
import io.unshistorian.testkit.FreePorts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge and central as two {@code historian serve} processes on 127.0.0.1, the edge started with
 * {@code --forward-to}: a plant's samples are written to the edge while the central is killed with
 * SIGKILL and restarted, stopped for a while, and the edge itself is killed mid-forward and restarted.
 * In the end the central holds exactly the edge's samples under the rewritten paths (every value
 * compared), and the edge reports forwarding complete with no gaps.
 */
class ForwardingProcessTest {
    private static final int SERIES = 120;
    private static final int ROUNDS = 12;
    private static final int SAMPLES_PER_ROUND = 40;
    private static final long T0 = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();


    /** Starts {@code historian serve} and waits for its banner. */
    private Process serve(String... arguments) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--flight-port", "-1", "--http-port", "0"));
        args.addAll(List.of(arguments));
        Process process = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m"), HistorianCli.class,
            args.toArray(new String[0]))).redirectErrorStream(true).start();
        processes.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            if (line.startsWith("Ctrl-C")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new AssertionError("serve did not start:\n" + seen);
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();   // SIGKILL
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }

    private static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Round {@code r} of the plant: every series, SAMPLES_PER_ROUND seconds; doubles, a counter, a state. */
    private static WriteBatch round(int r) {
        SplittableRandom random = new SplittableRandom(r);
        WriteBatch.Builder batch = WriteBatch.newBuilder().setBatchId(r);
        for (int s = 0; s < SERIES; s++) {
            SeriesSamples.Builder series = SeriesSamples.newBuilder().setPath(edgePath(s));
            series.setType(s % 10 == 0 ? ValueType.STRING : s % 5 == 0 ? ValueType.LONG : ValueType.DOUBLE);
            for (int i = 0; i < SAMPLES_PER_ROUND; i++) {
                series.addTimestampsNs(T0 + ((long) r * SAMPLES_PER_ROUND + i) * 1_000_000_000L);
                switch (series.getType()) {
                    case STRING -> series.addStringValues(random.nextInt(3) == 0 ? "RUNNING" : "IDLE");
                    case LONG -> series.addLongValues((long) r * SAMPLES_PER_ROUND + i);
                    default -> series.addDoubleValues(random.nextGaussian() * 10 + s);
                }
            }
            batch.addSeries(series);
        }
        return batch.build();
    }

    private static String edgePath(int s) {
        return "line" + (s % 4) + "/cell" + (s / 4 % 5) + "/tag" + s;
    }

    /** Writes round r to the edge, retrying through the edge's own restarts until it is acknowledged. */
    private static void writeRound(int port, int r) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            ManagedChannel channel = channel(port);
            try {
                WriteStream stream = WriteStream.open(channel);
                stream.send(round(r));
                stream.nextAccepted(20, TimeUnit.SECONDS);
                stream.finish();
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static ForwarderInfo forwarder(int port) throws InterruptedException {
        ManagedChannel channel = channel(port);
        try {
            return HistorianGrpc.newBlockingStub(channel).serverInfo(ServerInfoRequest.getDefaultInstance())
                .getForwarder();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Every sample of {@code filter} as "path t value quality" lines, paths with {@code prefix} removed. */
    private static List<String> everything(int port, String filter, String prefix) throws InterruptedException {
        ManagedChannel channel = channel(port);
        List<String> lines = new ArrayList<>();
        try {
            Iterator<SampleColumns> read = HistorianGrpc.newBlockingStub(channel).readRaw(ReadRawRequest.newBuilder()
                .setSelection(Selection.newBuilder().addFilters(filter)).setStartNs(Long.MIN_VALUE)
                .setEndNs(Long.MAX_VALUE).build());
            while (read.hasNext()) {
                SampleColumns columns = read.next();
                SeriesSamples samples = columns.getSamples();
                for (int i = 0; i < samples.getTimestampsNsCount(); i++) {
                    String value = switch (samples.getType()) {
                        case STRING -> samples.getStringValues(i);
                        case LONG -> Long.toString(samples.getLongValues(i));
                        default -> Double.toString(samples.getDoubleValues(i));
                    };
                    lines.add(samples.getPath().substring(prefix.length()) + " " + samples.getTimestampsNs(i) + " "
                        + value + " " + (samples.getQualitiesCount() == 0 ? 0 : samples.getQualities(i)));
                }
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        java.util.Collections.sort(lines);
        return lines;
    }

    @Test
    void theCentralEndsWithExactlyTheEdgesDataThroughCrashesAndAnOutage() throws Exception {
        int centralPort = FreePorts.free();
        int edgePort = FreePorts.free();
        String[] central = {"--data", dir.resolve("central").toString(), "--port", Integer.toString(centralPort),
            "--fsync", "EVERY_BATCH"};
        String[] edge = {"--data", dir.resolve("edge").toString(), "--port", Integer.toString(edgePort),
            "--forward-to", "127.0.0.1:" + centralPort, "--forward-name", "dallas-edge", "--forward-rewrite",
            "acme/dallas", "--forward-filter", "line0/#,line1/#,line2/#,line3/#"};
        try {
            Process centralProcess = serve(central);
            Process edgeProcess = serve(edge);
            int r = 0;
            for (; r < 3; r++) {
                writeRound(edgePort, r);
            }
            kill(centralProcess);                   // the central crashes mid-stream
            for (; r < 5; r++) {
                writeRound(edgePort, r);
            }
            centralProcess = serve(central);
            for (; r < 7; r++) {
                writeRound(edgePort, r);
            }
            kill(edgeProcess);                      // the edge crashes mid-forward
            edgeProcess = serve(edge);
            for (; r < 9; r++) {
                writeRound(edgePort, r);
            }
            kill(centralProcess);                   // an outage: the central is away while the edge records
            for (; r < ROUNDS; r++) {
                writeRound(edgePort, r);
            }
            Thread.sleep(1500);
            centralProcess = serve(central);
            ForwarderInfo info = forwarder(edgePort);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!info.getComplete() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                info = forwarder(edgePort);
            }
            assertTrue(info.getComplete(), "forwarding never completed: " + info);
            assertEquals(0, info.getGapsCount(), info.toString());
            assertEquals(ROUNDS - 1, info.getEdgeLastSequence(), "one edge batch per round");
            List<String> atEdge = everything(edgePort, "#", "");
            List<String> atCentral = everything(centralPort, "acme/dallas/#", "acme/dallas/");
            assertEquals(SERIES * ROUNDS * SAMPLES_PER_ROUND, atEdge.size());
            assertEquals(atEdge, atCentral, "the central holds exactly the edge's samples");
        } finally {
            for (Process process : processes) {
                process.destroyForcibly();
            }
        }
    }
}
