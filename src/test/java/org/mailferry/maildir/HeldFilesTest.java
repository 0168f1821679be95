package org.mailferry.maildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldFilesTest {

    private final Path dir = Path.of("/archive/INBOX");

    @Test
    void ofShouldKeepTheFirstListedFileWhenAUidIsHeldTwiceAndIgnoreFilesWithoutUid() {
        HeldFiles held = HeldFiles.of(dir, List.of(entry("cur", 5), entry("new", 2), entry("new", 5),
                new MaildirFolder.Entry(dir.resolve("cur/1.M1P1.host:2,"), MaildirFileName.parse("1.M1P1.host:2,"))));

        assertThat(held.uids()).containsExactly(2L, 5L);
        assertThat(held.get(5).file()).isEqualTo(dir.resolve("cur/" + name(5)));
        assertThat(held.get(5).name().uid()).isEqualTo(5);
        assertThat(held.get(2).file()).isEqualTo(dir.resolve("new/" + name(2)));
        assertThat(held.lastUid()).isEqualTo(5);
    }

    @Test
    void putShouldKeepUidsAscendingWhetherAppendedInsertedOrReplaced() {
        HeldFiles held = HeldFiles.of(dir, List.of());
        for (long uid = 10; uid <= 100; uid += 10) {
            held.put(uid, dir.resolve("cur/" + name(uid)));
        }
        held.put(15, dir.resolve("cur/" + name(15)));
        held.put(1, dir.resolve("cur/" + name(1)));
        held.put(50, dir.resolve("cur/" + name(50) + "S"));

        assertThat(held.uids()).containsExactly(1L, 10L, 15L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L);
        assertThat(held.size()).isEqualTo(12);
        assertThat(held.get(50).name().flagLetters()).isEqualTo("S");
        assertThat(held.contains(55)).isFalse();
        assertThat(held.get(55)).isNull();
    }

    @Test
    void removeShouldForgetAUidAndStillAnswerRightAfterTheTableIsSqueezed() {
        HeldFiles held = HeldFiles.of(dir, List.of());
        for (long uid = 1; uid <= 10; uid++) {
            held.put(uid, dir.resolve("cur/" + name(uid)));
        }
        assertThat(held.remove(10).file()).isEqualTo(dir.resolve("cur/" + name(10)));
        assertThat(held.remove(10)).isNull();
        assertThat(held.lastUid()).isEqualTo(9);
        for (long uid = 1; uid <= 6; uid += 1) { // past half removed: squeezed
            held.remove(uid);
        }
        held.put(3, dir.resolve("cur/" + name(3)));

        assertThat(held.uids()).containsExactly(3L, 7L, 8L, 9L);
        assertThat(held.size()).isEqualTo(4);
        assertThat(held.contains(4)).isFalse();
        assertThat(held.get(8).name().uid()).isEqualTo(8);
    }

    @Test
    void anEmptyTableShouldHoldNothing() {
        HeldFiles held = HeldFiles.of(dir, List.of());

        assertThat(held.lastUid()).isZero();
        assertThat(held.uids()).isEmpty();
        assertThat(held.remove(1)).isNull();
    }

    private MaildirFolder.Entry entry(String sub, long uid) {
        return new MaildirFolder.Entry(dir.resolve(sub + "/" + name(uid)), MaildirFileName.parse(name(uid)));
    }

    private static String name(long uid) {
        return "1700000000.M1P2Q" + uid + ".host,U=" + uid + ",S=10:2,";
    }
}
