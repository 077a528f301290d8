package org.egret.launcher;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard error on a terminal that also shows a progress line: anything else written (a log line) first clears the
 * progress line, which the next tick redraws, so logs and progress never share a row.
 */
final class ProgressTerminal {
    private static final byte[] CLEAR = "\r\033[K".getBytes();

    private final PrintStream terminal;
    private boolean progressShown;

    ProgressTerminal(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** The stream everything else should write to instead of the terminal. */
    PrintStream others() {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (ProgressTerminal.this) {
                    if (progressShown) {
                        terminal.write(CLEAR, 0, CLEAR.length);
                        progressShown = false;
                    }
                    terminal.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                terminal.flush();
            }
        }, true);
    }

    /** Draws the progress line over the previous one. */
    synchronized void progress(String line) {
        terminal.print("\r" + line + "\033[K");
        terminal.flush();
        progressShown = true;
    }

    /** Ends the progress line so what follows starts on a row of its own. */
    synchronized void endProgress() {
        if (progressShown) {
            terminal.println();
            progressShown = false;
        }
    }
}
