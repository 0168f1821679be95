package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;

/** The {@code migrate --accounts} CSV file as spreadsheets and editors write it. */
class AccountsFileTest {

    @TempDir
    Path dir;

    @Test
    void quotedFieldsShouldKeepCommasQuotesAndLineBreaks() throws IOException {
        Path file = write("""
                source,source_secret,target,target_secret,folders,exclude,map
                imaps://alice@old.example.org,env:ALICE_OLD,imaps://alice@new.example.org,"file:/etc/mf/alice, the pass",\
                "INBOX;Projects/*","Junk; ""Spam"" ","INBOX/Archive/(.*)=Archive/$1;Sent,old=Sent"
                "imaps://bob@old.example.org" , "command:pass show ""mail/bob""\" ,imaps://bob@new.example.org,,"Multi
                line"
                """);

        List<AccountsFile.Account> accounts = AccountsFile.read(file);

        assertThat(accounts).hasSize(2);
        AccountsFile.Account alice = accounts.get(0);
        assertThat(alice.line()).isEqualTo(2);
        assertThat(alice.source().user()).isEqualTo("alice");
        assertThat(alice.source().host()).isEqualTo("old.example.org");
        assertThat(alice.target().host()).isEqualTo("new.example.org");
        assertThat(alice.sourceAuth().passwordEnv()).isEqualTo("ALICE_OLD");
        assertThat(alice.targetAuth().passwordFile()).isEqualTo(Path.of("/etc/mf/alice, the pass"));
        assertThat(alice.targetAuth().option("password-file")).as("messages name the cell")
                .isEqualTo(file + ":2: target_secret password-file");
        assertThat(alice.folders()).containsExactly("INBOX", "Projects/*");
        assertThat(alice.excludes()).containsExactly("Junk", "\"Spam\"");
        assertThat(alice.maps()).containsExactly("INBOX/Archive/(.*)=Archive/$1", "Sent,old=Sent");

        AccountsFile.Account bob = accounts.get(1);
        assertThat(bob.line()).isEqualTo(3);
        assertThat(bob.source().user()).isEqualTo("bob");
        assertThat(bob.sourceAuth().passwordCommand()).isEqualTo("pass show \"mail/bob\"");
        assertThat(bob.targetAuth()).as("an empty secret uses the command-line options").isNull();
        assertThat(bob.folders()).containsExactly("Multi\nline");
    }

    @Test
    void aSpreadsheetExportWithByteOrderMarkAndCrlfShouldParse() throws IOException {
        String csv = "\uFEFFSource,Target,Target_Secret\r\n"
                + "imaps://alice@old.example.org,imaps://alice@new.example.org,env:ALICE_NEW\r\n"
                + "\r\n"
                + "imaps://bob@old.example.org,imaps://bob@new.example.org,env:BOB_NEW\r\n";
        Path file = dir.resolve("excel.csv");
        Files.write(file, csv.getBytes(StandardCharsets.UTF_8));

        List<AccountsFile.Account> accounts = AccountsFile.read(file);

        assertThat(accounts).extracting(a -> a.source().user()).containsExactly("alice", "bob");
        assertThat(accounts).extracting(AccountsFile.Account::line).containsExactly(2, 4);
        assertThat(accounts.get(1).targetAuth().passwordEnv()).isEqualTo("BOB_NEW");
        assertThat(accounts.get(1).target().host()).as("no CR left in the last field").isEqualTo("new.example.org");
    }

    @Test
    void everyBadRowShouldBeReportedWithItsLineNumber() throws IOException {
        Path file = write("""
                # accounts moving in March
                source,source_secret,target,target_secret
                imaps://alice@old.example.org,env:A,imaps://alice@new.example.org,env:B

                imaps://bob@old.example.org,hunter2,imaps://bob@new.example.org,
                "imaps://carol@old.example.org",,,
                imaps://dave@old.example.org,,"imaps://dave@new.example.org
                ",env:D,extra
                ftp://erin@old.example.org,,imaps://erin@new.example.org,
                """);

        assertThatThrownBy(() -> AccountsFile.read(file))
                .isInstanceOfSatisfying(MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage().lines().toList()).satisfiesExactly(
                            l -> assertThat(l).startsWith(file + ":5: source_secret is not a reference")
                                    .doesNotContain("hunter2"),
                            l -> assertThat(l).isEqualTo(file + ":6: target is empty"),
                            l -> assertThat(l).isEqualTo(file + ":7: 5 fields but the header names 4"),
                            l -> assertThat(l).startsWith(file + ":9: source: "));
                });
    }

    @Test
    void anUnclosedQuoteShouldNameTheFileAndLine() throws IOException {
        Path file = write("""
                source,target
                imaps://alice@old.example.org,imaps://alice@new.example.org
                "imaps://bob@old.example.org,imaps://bob@new.example.org
                """);

        assertThatThrownBy(() -> AccountsFile.read(file)).isInstanceOf(MailferryException.class)
                .hasMessage(file + ":3: a quoted field is not closed (a \" opens it and no \" ends it)");
    }

    @Test
    void textAfterAClosingQuoteShouldNameTheFileAndLine() throws IOException {
        Path file = write("source,target\n\nimaps://a@x.example,\"imaps://a@y.example\"x\n");

        assertThatThrownBy(() -> AccountsFile.read(file)).isInstanceOf(MailferryException.class)
                .hasMessageStartingWith(file + ":3: text after the closing \" of a quoted field");
    }

    @Test
    void anUnknownColumnShouldListTheKnownOnes() throws IOException {
        Path file = write("source,target,pasword\nimaps://a@x.example,imaps://a@y.example,\n");

        assertThatThrownBy(() -> AccountsFile.read(file)).isInstanceOf(MailferryException.class)
                .hasMessageStartingWith(file + ":1: unknown column 'pasword'; expected ");
    }

    @Test
    void migrateShouldExitWithUsageCodeAndListTheBadRows() throws IOException {
        Path file = write("source,target\nimaps://alice@old.example.org,\n\nimaps://bob@old.example.org,ftp://bob@x\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "migrate", "--accounts", file.toString(),
                "--state-dir", dir.resolve("state").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("mailferry: " + file + ":2: target is empty\n")
                .contains(file + ":4: target: ");
        assertThat(out.toString()).isEmpty();
        assertThat(dir.resolve("state")).doesNotExist();
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("accounts.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
