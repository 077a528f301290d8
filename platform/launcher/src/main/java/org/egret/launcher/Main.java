package org.egret.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code egret} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.err, true)));
    }

    /** Runs the command; a user's mistake gets one line on {@code err} and exit code 2. */
    static int execute(String[] args, PrintWriter err) {
        CommandLine cl = new CommandLine(new EgretCommand());
        cl.setErr(err);
        // a flag picocli cannot parse (unknown, missing or mistyped value): one line, not the whole usage
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("egret: " + e.getMessage() + " (see egret --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // a user mistake arrives as a UserError with a message written for them; anything else is our bug
            if (e instanceof UserError) {
                cmd.getErr().println("egret: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("egret: internal error: " + e);
            e.printStackTrace(cmd.getErr());
            return 70;
        });
        return cl.execute(args);
    }
}
