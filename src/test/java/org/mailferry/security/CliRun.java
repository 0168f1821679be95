package org.mailferry.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.mailferry.cli.Main;

/** One in-process CLI run with its stdout, its stderr and what logging wrote to System.err. */
record CliRun(int exitCode, String out, String err) {

    static synchronized CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        } finally {
            System.err.flush();
            System.setErr(saved);
        }
        return new CliRun(code, out.toString(), err + logs.toString(StandardCharsets.UTF_8));
    }

    String all() {
        return out + err;
    }

    /** The characters of stdout and stderr that would act on a terminal: C0 but line feed and tab, DEL, C1. */
    java.util.List<Integer> terminalControls() {
        return all().chars().filter(c -> (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)).boxed().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
