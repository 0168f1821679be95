package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.store.MessageFlags;

class MaildirFileNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1700000000 | 5      | 4242 | 1  | mail.example.org | 7   | 1234 | ''     | 1700000000.M5P4242Q1.mail.example.org,U=7,S=1234:2,",
        "1700000000 | 999999 | 1    | 12 | host             | 1   | 0    | SRF    | 1700000000.M999999P1Q12.host,U=1,S=0:2,FRS",
        "0          | 0      | 7    | 3  | a/b:c            | 42  | 10   | TDPS   | 0.M0P7Q3.a\\057b\\072c,U=42,S=10:2,DPST",
        "86400      | 17     | 7    | 4  | h                | 5   | 3    | zSaRFc | 86400.M17P7Q4.h,U=5,S=3:2,FRSacz",
    })
    void formatShouldWriteDovecotStyleNameWhenGivenItsParts(long secs, long micros, long pid, long counter,
                                                            String host, long uid, long size, String flags,
                                                            String expected) {
        String base = MaildirFileName.uniqueBase(secs, micros, pid, counter, host);

        assertThat(MaildirFileName.of(base, uid, size, flags).format()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // name                                        | base                        | uid | size | letters | system flags      | keyword letters
        "1.M2P3Q4.h,U=7,S=10:2,FSab                    | 1.M2P3Q4.h                  | 7   | 10   | FSab    | \\Flagged \\Seen  | ab",
        "1700000000.M123P456.host,S=123,W=125:2,S      | 1700000000.M123P456.host    | 0   | 123  | S       | \\Seen            | ''",
        "1234567890.12345.host                         | 1234567890.12345.host       | 0   | -1   | ''      | ''                | ''",
        "1.h,U=x,S=12:2,                               | 1.h                         | 0   | 12   | ''      | ''                | ''",
        "1.M1P1.h,S=5:1,experimental                   | 1.M1P1.h                    | 0   | 5    | ''      | ''                | ''",
        "1.h,X=1,U=9:2,RS,zz                           | 1.h                         | 9   | -1   | RS      | \\Answered \\Seen | ''",
        "1.a\\072b,U=3,S=4:2,DPT                       | 1.a\\072b                   | 3   | 4    | DPT     | \\Draft \\Deleted | ''",
    })
    void parseShouldReadFieldsWhenNameIsOursOrForeign(String name, String base, long uid, long size, String letters,
                                                     String systemFlags, String keywordLetters) {
        MaildirFileName parsed = MaildirFileName.parse(name);

        assertThat(parsed.base()).isEqualTo(base);
        assertThat(parsed.uid()).isEqualTo(uid);
        assertThat(parsed.size()).isEqualTo(size);
        assertThat(parsed.flagLetters()).isEqualTo(letters);
        assertThat(parsed.systemFlags()).isEqualTo(flagsOf(systemFlags).system());
        assertThat(parsed.keywordLetters()).isEqualTo(keywordLetters);
        assertThat(parsed.format()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // name                      | system flags       | keyword letters | expected
        "1.h,U=1,S=2:2,PS            | \\Seen \\Flagged   | b               | 1.h,U=1,S=2:2,FPSb",
        "1.h,U=1,S=2:2,FRSab         | ''                 | ''              | 1.h,U=1,S=2:2,",
        "1.h                         | \\Seen             | ''              | 1.h:2,S",
        "1.h:2,Sa,xyz                | ''                 | c               | 1.h:2,c,xyz",
        "1.h,S=9,W=10:2,T            | \\Deleted \\Draft  | ad              | 1.h,S=9,W=10:2,DTad",
    })
    void withFlagsShouldReplaceKnownLettersAndKeepUnknownOnes(String name, String systemFlags, String keywordLetters,
                                                             String expected) {
        MaildirFileName renamed = MaildirFileName.parse(name).withFlags(flagsOf(systemFlags).system(), keywordLetters);

        assertThat(renamed.format()).isEqualTo(expected);
    }

    private static MessageFlags flagsOf(String names) {
        return MessageFlags.fromImapNames(names.isBlank() ? List.of() : List.of(names.trim().split(" +")));
    }
}
