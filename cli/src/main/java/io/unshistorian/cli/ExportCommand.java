package io.unshistorian.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.unshistorian.embedded.Historian;
import io.unshistorian.export.ArrowExporter;
import io.unshistorian.export.ArrowFiles;
import io.unshistorian.export.ExportQuery;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code historian export}: a query to an Arrow IPC file, an Arrow IPC stream or CSV, with a
 * progress count; read from a running server's Arrow Flight endpoint ({@code --server}) or from a
 * data directory opened directly ({@code --data}, the default). Layout long (one row per sample,
 * bucket or point) or wide (one column per series on the aggregate's or interpolation's grid).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export raw samples, aggregates or interpolated values to Arrow IPC (file or stream) or CSV.")
final class ExportCommand implements Callable<Integer> {
    static final String DEFAULT_FLIGHT = "127.0.0.1:" + ServeCommand.DEFAULT_FLIGHT_PORT;

    @Parameters(paramLabel = "FILTER", arity = "1..*", description = "Paths or MQTT filters.")
    private List<String> filters;

    @Option(names = "--server", paramLabel = "HOST:PORT", description = "Export through this running server's "
        + "Arrow Flight endpoint (serve and demo open it on " + ExportCommand.DEFAULT_FLIGHT + "; docs/arrow.md).")
    private String server;

    @Option(names = "--data", paramLabel = "DIR", description = "Open this data directory directly, when no server "
        + "holds it (default without --server: historian-data).")
    private Path data;

    @picocli.CommandLine.Mixin
    private ClientCredentials credentials;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Output file.")
    private Path out;

    @Option(names = "--format", description = "arrow (IPC file), arrow-stream (IPC stream) or csv "
        + "(default: by the --out file's extension: .csv is csv, .arrows arrow-stream, anything else arrow).")
    private String format;

    @picocli.CommandLine.Mixin
    private TimeRangeOptions times;

    @Option(names = "--every", paramLabel = "DURATION", description = "Aggregates per bucket of this width.")
    private String every;

    @Option(names = "--interpolate", paramLabel = "DURATION", description = "Values at this interval.")
    private String interpolate;

    @Option(names = "--method", description = "Interpolation: previous or linear (default: ${DEFAULT-VALUE}).")
    private String method = "previous";

    @Option(names = "--fill", paramLabel = "RULE", description = "Buckets or points without a sample: omit, null, "
        + "previous or linear (default: omit with --every, null with --interpolate), as in historian query.")
    private String fill;

    @Option(names = "--layout", description = "long or wide (default: ${DEFAULT-VALUE}).")
    private String layout = "long";

    @Option(names = "--function", description = "Wide aggregate column: avg, min, max, sum, count, first, last, twa "
        + "(default: ${DEFAULT-VALUE}).")
    private String function = "avg";

    @Option(names = "--spreadsheet-safe", description = "CSV: prefix text cells that start with = + - @ with ' "
        + "so a spreadsheet shows them instead of running them as formulas.")
    private boolean spreadsheetSafe;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long[] range = times.range(spec.commandLine().getErr());
        String kind = every != null ? "aggregate" : interpolate != null ? "interpolate" : "raw";
        long step = every != null ? TimeArguments.duration(every) : interpolate != null
            ? TimeArguments.duration(interpolate) : 0;
        if (fill != null && kind.equals("raw")) {
            throw new IllegalArgumentException("--fill needs --every or --interpolate: raw samples have no empty "
                + "buckets");
        }
        ExportQuery query = new ExportQuery(kind, filters, range[0], range[1],
            OptionChoices.require("--layout", layout, "long", "wide"), step,
            OptionChoices.require("--function", function, "avg", "min", "max", "sum", "count", "first", "last", "twa"),
            OptionChoices.require("--method", method, "previous", "linear"),
            OptionChoices.require("--fill", fill != null ? fill : ExportQuery.defaultFill(kind), "omit", "null",
                "previous", "linear"), "good", 0);
        if (format == null) {
            format = formatOf(out);
        }
        OptionChoices.require("--format", format, "arrow", "arrow-stream", "csv");
        if (server != null && data != null) {
            throw new IllegalArgumentException("pass --server HOST:PORT (a running server) or --data DIR (a data "
                + "directory no server holds), not both");
        }
        PrintWriter err = spec.commandLine().getErr();
        long begin = System.nanoTime();
        long rows;
        try (BufferAllocator allocator = new RootAllocator();
             Batches batches = server != null ? FlightBatches.open(server, credentials, query, allocator)
                 : new LocalBatches(DataDirectories.open(DataDirectories.existing(data != null ? data
                     : Path.of("historian-data"))), query, allocator)) {
            rows = format.equals("csv") ? writeCsv(batches, query, err)
                : writeArrow(batches, format.equals("arrow-stream"), err);   // arrow or arrow-stream, as checked above
        }
        if (System.console() != null) {
            err.println();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        spec.commandLine().getOut().printf("exported %d rows to %s (%s, %s layout) in %.2f s (%.0f rows/s)%n", rows,
            out, format, layout, seconds, rows / seconds);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** A count that redraws itself with \r: only on a terminal, never into a log file. */
    private static void progress(PrintWriter err, long rows) {
        if (System.console() != null) {
            err.printf("\r%,d rows written", rows);
            err.flush();
        }
    }

    /** The IPC file or stream: the writer starts at the first batch, when a Flight stream's dictionaries are in. */
    private long writeArrow(Batches batches, boolean stream, PrintWriter err) throws Exception {
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ArrowWriter[] writer = {null};
            long[] written = {0};
            try {
                long rows = batches.run(root -> {
                    if (writer[0] == null) {
                        writer[0] = start(batches, root, channel, stream);
                    }
                    writer[0].writeBatch();
                    written[0] += root.getRowCount();
                    progress(err, written[0]);
                });
                if (writer[0] == null) {   // no rows: the schema alone
                    writer[0] = start(batches, batches.root(), channel, stream);
                }
                writer[0].end();
                return rows;
            } finally {
                if (writer[0] != null) {
                    writer[0].close();
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static ArrowWriter start(Batches batches, VectorSchemaRoot root, FileChannel channel, boolean stream)
        throws IOException {
        ArrowWriter writer = stream ? new ArrowStreamWriter(root, batches.dictionaries(), channel)
            : new ArrowFileWriter(root, batches.dictionaries(), channel);
        writer.start();
        return writer;
    }

    private long writeCsv(Batches batches, ExportQuery query, PrintWriter err) throws Exception {
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            CsvCells[] csv = {null};
            String[][] cells = {null};
            long[] written = {0};
            long rows = batches.run(root -> {
                if (csv[0] == null) {
                    csv[0] = header(writer, root);
                    cells[0] = new String[root.getFieldVectors().size()];
                }
                for (int r = 0; r < root.getRowCount(); r++) {
                    for (int c = 0; c < cells[0].length; c++) {
                        cells[0][c] = cell(batches, root.getVector(c), r, c == 0 && query.layout().equals("long"));
                    }
                    csv[0].row(cells[0]);
                }
                written[0] += root.getRowCount();
                progress(err, written[0]);
            });
            if (csv[0] == null) {
                csv[0] = header(writer, batches.root());
            }
            csv[0].flush();
            return rows;
        }
    }

    private CsvCells header(BufferedWriter writer, VectorSchemaRoot root) throws IOException {
        List<String> names = new ArrayList<>();
        root.getSchema().getFields().forEach(f -> names.add(f.getName()));
        CsvCells csv = new CsvCells(writer, spreadsheetSafe, names.size());
        csv.row(names.toArray(new String[0]));
        return csv;
    }

    /** One cell as text: the path of a dictionary-encoded path column, timestamps as ISO-8601 UTC. */
    private static String cell(Batches batches, FieldVector vector, int row, boolean pathColumn) {
        Object value = vector.getObject(row);
        if (value == null) {
            return null;
        }
        if (pathColumn) {
            value = batches.dictionaries().lookup(vector.getField().getDictionary().getId()).getVector()
                .getObject((Integer) value);
        } else if (vector instanceof TimeStampNanoTZVector) {
            long nanos = (Long) value;
            value = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }
        return value.toString();
    }

    /** The record batches of an export, wherever they come from. */
    private interface Batches extends AutoCloseable {
        /** The schema's root; each batch is loaded into it. */
        VectorSchemaRoot root() throws Exception;

        /** The dictionaries of dictionary-encoded columns (the long layout's paths); complete at the first batch. */
        DictionaryProvider dictionaries();

        /** Hands every batch to {@code sink}; returns the rows. */
        long run(ArrowExporter.BatchSink sink) throws Exception;

        @Override
        void close() throws IOException;
    }

    /** An export read from a data directory opened here. */
    private static final class LocalBatches implements Batches {
        private final Historian historian;
        private final ArrowExporter exporter;

        LocalBatches(Historian historian, ExportQuery query, BufferAllocator allocator) throws IOException {
            this.historian = historian;
            try {
                this.exporter = new ArrowExporter(historian, query, allocator, ArrowFiles.BATCH_ROWS);
            } catch (RuntimeException e) {
                historian.close();
                throw e;
            }
        }

        @Override
        public VectorSchemaRoot root() {
            return exporter.root();
        }

        @Override
        public DictionaryProvider dictionaries() {
            return exporter.dictionaries();
        }

        @Override
        public long run(ArrowExporter.BatchSink sink) throws Exception {
            return exporter.run(sink);
        }

        @Override
        public void close() throws IOException {
            try {
                exporter.close();
            } finally {
                historian.close();
            }
        }
    }

    /** An export read from a running server's Arrow Flight endpoint: DoGet with the query as the ticket. */
    private static final class FlightBatches implements Batches {
        private final String address;
        private final FlightClient client;
        private final FlightStream stream;

        private FlightBatches(String address, FlightClient client, FlightStream stream) {
            this.address = address;
            this.client = client;
            this.stream = stream;
        }

        static FlightBatches open(String address, ClientCredentials credentials, ExportQuery query,
                                  BufferAllocator allocator) throws Exception {
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                port = -1;
            }
            if (colon < 1 || port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--server wants HOST:PORT of the server's Arrow Flight endpoint "
                    + "(default port " + ServeCommand.DEFAULT_FLIGHT_PORT + "), got '" + address + "'");
            }
            FlightClient client = credentials.flightClient(allocator, address.substring(0, colon), port);
            try {
                FlightStream stream = client.getStream(new Ticket(query.toBytes()), credentials.flightCallOptions());
                try {
                    stream.getRoot();   // waits for the schema: a refusal or an unreachable server shows here
                } catch (FlightRuntimeException e) {
                    closeQuietly(stream);
                    throw e;
                }
                return new FlightBatches(address, client, stream);
            } catch (FlightRuntimeException e) {
                try {
                    client.close();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException(describe(address, e), e);
            }
        }

        /** One line saying what went wrong and what to do. */
        static String describe(String address, FlightRuntimeException e) {
            String detail = e.status().description() == null || e.status().description().isBlank()
                ? e.getMessage() : e.status().description();
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause.getMessage() != null && !cause.getMessage().isBlank() && cause.getCause() == null) {
                    detail = detail + ": " + cause.getMessage();   // e.g. "io exception: Connection refused"
                }
            }
            switch (e.status().code()) {
                case UNAVAILABLE:
                    return "cannot reach Arrow Flight at " + address + " (" + detail + "); start the server "
                        + "(historian serve or demo open Flight on port " + ServeCommand.DEFAULT_FLIGHT_PORT
                        + "), pass --server HOST:PORT of its Flight endpoint (and --tls-ca for a TLS server), or "
                        + "--data DIR to open a data directory";
                case UNIMPLEMENTED:
                    return address + " does not speak Arrow Flight (is it the gRPC port?); pass --server with the "
                        + "server's Flight port (serve prints it; default " + ServeCommand.DEFAULT_FLIGHT_PORT + ")";
                case UNAUTHENTICATED:
                    return "UNAUTHENTICATED: " + detail + " (pass --token or set HISTORIAN_TOKEN, or --tls-cert and "
                        + "--tls-key)";
                default:
                    return e.status().code() + ": " + detail;
            }
        }

        private static void closeQuietly(FlightStream stream) {
            try {
                stream.close();
            } catch (Exception ignored) {
                // the call already failed; that failure is what is reported
            }
        }

        @Override
        public VectorSchemaRoot root() {
            return stream.getRoot();
        }

        @Override
        public DictionaryProvider dictionaries() {
            return stream.getDictionaryProvider();
        }

        @Override
        public long run(ArrowExporter.BatchSink sink) throws Exception {
            long rows = 0;
            try {
                while (stream.next()) {
                    rows += stream.getRoot().getRowCount();
                    sink.batch(stream.getRoot());
                }
            } catch (FlightRuntimeException e) {
                throw new IllegalStateException(describe(address, e), e);
            }
            return rows;
        }

        @Override
        public void close() throws IOException {
            try {
                try {
                    stream.close();
                } finally {
                    client.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("closing the Flight stream failed: " + e.getMessage(), e);
            }
        }
    }

    /** The format an output file's name asks for: a user naming it plant.csv expects CSV in it. */
    static String formatOf(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".csv") ? "csv" : name.endsWith(".arrows") ? "arrow-stream" : "arrow";
    }
}
