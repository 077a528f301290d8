package org.egret.launcher;

import picocli.CommandLine;

/** Entry point of the {@code egret} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new EgretCommand());
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
        System.exit(cl.execute(args));
    }
}
