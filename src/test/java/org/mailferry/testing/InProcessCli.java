package org.mailferry.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.mailferry.cli.Main;

/** Runs the whole CLI in this JVM ({@link Main#run}) and keeps what it printed. */
public final class InProcessCli {

    /** What a run shows a user. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private InProcessCli() {
    }

    public static Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** A 0600 file holding {@code password}, made once in {@code dir}, for scripted servers that accept any. */
    public static Path passwordFile(Path dir, String password) throws IOException {
        Path file = dir.resolve("password");
        if (!Files.exists(file)) {
            Files.writeString(file, password + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }
}
