package io.unshistorian.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.SeriesSamples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code historian latest}: the newest sample of each selected series. */
@Command(name = "latest", mixinStandardHelpOptions = true, description = "The newest sample of each selected series.")
final class LatestCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILTER", arity = "1..*", description = "Paths or MQTT filters.")
    private List<String> filters;

    @Mixin
    private Connection connection;

    @Mixin
    private OutputOptions outputOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return connection.with(channel -> {
            Output output = outputOptions.open(spec.commandLine().getOut(), "path", "time", "value",
                "quality");
            HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel);
            Selection selection = Selection.newBuilder().addAllFilters(filters).build();
            for (SeriesSamples latest : stub.latest(LatestRequest.newBuilder().setSelection(selection).build())
                .getLatestList()) {
                output.row(latest.getPath(), output.time(latest.getTimestampsNs(0)), Values.value(latest, 0),
                    outputOptions.quality(latest.getQualities(0)));
            }
            output.finish();
            if (output.rows() == 0) {
                QueryCommand.sayWhyEmpty(stub, filters, spec.commandLine().getErr(), "the series that match have no "
                    + "samples yet");
            }
            return 0;
        });
    }
}
