package io.unshistorian.cli;

import java.util.concurrent.Callable;

import io.unshistorian.grpc.v1.BrowseRequest;
import io.unshistorian.grpc.v1.BrowseResponse;
import io.unshistorian.grpc.v1.HistorianGrpc;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code historian browse}: the children of a namespace node. */
@Command(name = "browse", mixinStandardHelpOptions = true, description = "List the children of a namespace node.")
final class BrowseCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "0..1", description = "The node (default: the root).")
    private String path = "";

    @Mixin
    private Connection connection;

    @Mixin
    private OutputOptions outputOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return connection.with(channel -> {
            Output output = outputOptions.open(spec.commandLine().getOut(), "path", "series", "children");
            for (BrowseResponse.Child child : HistorianGrpc.newBlockingStub(channel)
                .browse(BrowseRequest.newBuilder().setPath(path).build()).getChildrenList()) {
                output.row(child.getPath(), child.getIsSeries(), child.getHasChildren());
            }
            output.finish();
            return 0;
        });
    }
}
