package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaildirKeywordsTest {

    @TempDir
    Path dir;

    @Test
    void encodeShouldWriteFileBeforeReturningWhenKeywordIsNew() throws Exception {
        MaildirKeywords keywords = MaildirKeywords.load(dir);

        MaildirKeywords.Encoded e = keywords.encode(new LinkedHashSet<>(List.of("work", "$Label1")));

        assertThat(e.letters()).isEqualTo("ab");
        assertThat(e.overflow()).isEmpty();
        assertThat(Files.readString(dir.resolve("dovecot-keywords"))).isEqualTo("0 work\n1 $Label1\n");
        assertThat(MaildirKeywords.load(dir).decode("ba")).containsExactly("$Label1", "work");
    }

    @Test
    void encodeShouldNotRewriteFileWhenEveryKeywordHasALetter() throws Exception {
        Files.writeString(dir.resolve("dovecot-keywords"), "3 work\n");
        Files.setLastModifiedTime(dir.resolve("dovecot-keywords"), java.nio.file.attribute.FileTime.fromMillis(0));

        assertThat(MaildirKeywords.load(dir).encode(Set.of("work")).letters()).isEqualTo("d");
        assertThat(Files.getLastModifiedTime(dir.resolve("dovecot-keywords")).toMillis()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // file lines, \n-separated | letters | keywords
        "0 a\\n1 b                   | ab      | a b",
        "25 last\\n0 first           | za      | first last",
        "noSpace\\n1 ok              | ab      | ok",
        "26 beyond\\n-1 neg\\n2 c    | abc     | c",
        "x y\\n3 \\n4 d              | de      | d",
    })
    void decodeShouldSkipLinesDovecotSkipsWhenFileIsMalformed(String lines, String letters, String expected)
            throws Exception {
        Files.writeString(dir.resolve("dovecot-keywords"), lines.replace("\\n", "\n") + "\n");

        assertThat(MaildirKeywords.load(dir).decode(letters)).containsExactly(expected.split(" "));
    }
}
