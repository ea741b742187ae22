package io.unshistorian.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

import javax.net.ssl.SSLException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import picocli.CommandLine;

/**
 * Turns what a command throws into one line that says what went wrong and what to do; never a
 * stack trace unless asked for ({@code --verbose} on any command, or {@code HISTORIAN_DEBUG=1}).
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {
    static final int FAILED = 1;
    /** Set by {@code --verbose}. */
    static volatile boolean verbose;

    @Override
    public int handleExecutionException(Exception error, CommandLine command, CommandLine.ParseResult parsed) {
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + describe(error)
            + whatToDoWhenInUse(error, command.getCommandSpec().name()));
        if (verbose || System.getenv("HISTORIAN_DEBUG") != null) {
            error.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return FAILED;
    }

    /**
     * A data directory held by a running server (or another program) cannot be opened again: the
     * client commands can go through that server instead.
     */
    private static String whatToDoWhenInUse(Throwable error, String command) {
        String message = describe(error);
        if (!message.contains("is in use by another historian")) {
            return "";
        }
        switch (command) {
            case "export":
                return "; export through the running server with --server HOST:PORT of its Arrow Flight endpoint "
                    + "(default " + ExportCommand.DEFAULT_FLIGHT + ") instead of --data";
            case "query": case "plot": case "latest": case "browse": case "import":
                return "; talk to the running server with --server HOST:PORT (default " + Connection.DEFAULT_SERVER
                    + ") instead of --data";
            default:
                return "; stop the server or program using it, or pass another --data DIR";
        }
    }

    private static Throwable find(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        return null;
    }

    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof StatusRuntimeException)
            && (cause.getMessage() == null || cause instanceof java.util.concurrent.ExecutionException
                || cause instanceof java.io.UncheckedIOException)) {
            cause = cause.getCause();
        }
        if (cause instanceof StatusRuntimeException) {
            Status status = ((StatusRuntimeException) cause).getStatus();
            Throwable tls = find(status.getCause(), SSLException.class);
            if (tls != null) {
                return "TLS with the server failed (" + tls.getMessage() + "): check --tls-ca (the CA of the server's "
                    + "certificate) and, if the server requires one, --tls-cert and --tls-key";
            }
            if (status.getCode() == Status.Code.UNAVAILABLE
                && (status.getCause() != null || String.valueOf(status.getDescription()).startsWith("Network closed"))) {
                String why = status.getCause() != null ? status.getCause().getMessage() : status.getDescription();
                return "cannot reach the server (" + why + "); start it with "
                    + "`historian serve`, pass --server HOST:PORT (and --tls-ca for a TLS server), or --data DIR to "
                    + "open a data directory";
            }
            return status.getCode() + ": " + (status.getDescription() == null ? "no details" : status.getDescription());
        }
        if (cause instanceof NoSuchFileException) {
            return "no such file or directory: " + ((NoSuchFileException) cause).getFile();
        }
        if (cause instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) cause).getFile();
        }
        if (cause instanceof FileAlreadyExistsException) {
            return "already exists: " + ((FileAlreadyExistsException) cause).getFile();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.lines().findFirst()
            .orElse(message);
    }
}
