/**
 * The mbox archive store ({@code mbox:DIR}): one mboxrd file per folder, readable by mutt and
 * Python's {@code mailbox}, plus a sidecar index that makes it lossless and exactly-once.
 *
 * <h2>Files</h2>
 * Folder {@code [a, b]} lives in {@code DIR/enc(a)/enc(b).mbox}, where {@code enc} is
 * {@code ArchiveNames.encodeSegment} (modified UTF-7, then {@code %XX} for {@code % . / \ : * ? " < > | ~}
 * and control characters); {@code INBOX} is {@code DIR/INBOX.mbox}. A folder and its children
 * coexist: {@code a.mbox} beside directory {@code a/}. A compressed mbox is
 * {@code NAME.mbox.zst}, {@code NAME.mbox.gz} or {@code NAME.mbox.xz} instead of {@code NAME.mbox}
 * (below). Each mbox has two files beside it:
 * <ul>
 * <li>{@code NAME.mbox.index}: the sidecar index (below);</li>
 * <li>{@code NAME.mbox.folder.json}: the folder state ({@code ArchivedFolder}, format version 1):
 * the exact folder path, which wins over the file name, the source name, delimiter and role, the
 * source UIDVALIDITY the mbox holds, HIGHESTMODSEQ after the last complete pass, and for a retired
 * generation the UIDVALIDITY it had.</li>
 * <li>{@code NAME.mbox.gmail.jsonl}: only for a folder backed up from Gmail (X-GM-EXT-1): each
 * message's X-GM-MSGID, X-GM-THRID and X-GM-LABELS ({@code org.mailferry.archive.GmailIndex}
 * states the format); an mbox archive keeps Gmail's labels only there.</li>
 * </ul>
 * When a new folder's {@code NAME} equals an existing one ignoring case but that one holds another
 * exact folder, {@code ~} plus 8 hex digits of the SHA-256 of the folder's display name
 * ({@code ArchiveNames.caseSuffix}) is appended to {@code NAME}; decoding drops it. Only the last
 * component is suffixed: directories are shared, the state file tells the folders apart. A
 * directory holds {@code DIR/.mailferry.lock} while a run writes the archive. Files are created
 * 0600, directories 0700.
 *
 * <h2>mbox (mboxrd)</h2>
 * Each message is one entry:
 * <ol>
 * <li>{@code From MAILER-DAEMON <date>\n}, the date being INTERNALDATE in UTC in C
 * {@code asctime} form, e.g. {@code From MAILER-DAEMON Thu Nov  5 09:03:02 2026};</li>
 * <li>the message, every line matching {@code ^>*From } given one more {@code >} (a line starts at
 * the start of the message and after each {@code \n});</li>
 * <li>a {@code \n} when the message is not empty and does not end with one;</li>
 * <li>one blank line, {@code \n}.</li>
 * </ol>
 * Line endings: when the message's line endings are uniformly CRLF (at least one, every {@code \n}
 * preceded by {@code \r}, no other {@code \r}), it is written with LF endings and its index line
 * says {@code "crlf":true}, so that a reader restores the exact bytes by turning each {@code \n}
 * back into {@code \r\n}; otherwise the bytes are written as they are. A reader of the original
 * message takes the bytes after the {@code From } line, removes one {@code >} from each line
 * matching {@code ^>+From }, restores CRLF when {@code crlf}, and keeps the first {@code size}
 * bytes. Other tools see the LF form, with the added {@code \n} when the original had no final
 * newline.
 *
 * <h2>Compressed mbox (zstd, gzip, xz)</h2>
 * The mbox text above, cut into independent compressed units: zstd frames (level 3, with content
 * checksum), gzip members or xz streams. A unit holds whole entries only; one ends at the end of
 * every committed chunk, and also after any entry that brings it to 256 KiB of mbox text or more
 * (so one message is reached by decompressing at most about that much before it). Units follow
 * each other with nothing between them, so {@code zstd -dc}, {@code zcat} and {@code xzcat} print
 * the whole mbox, and the file cut after any committed unit is a valid compressed file. Which
 * compression a folder uses is fixed when its index is created (its header says it); a run asking
 * for another one applies it to new folders only. A compressed folder without messages has no
 * data file at all (an empty file is not a valid stream for those tools), only its index.
 *
 * <h2>Index {@code NAME.mbox.index}, versions 1 and 2</h2>
 * JSON Lines in UTF-8, each line ending with {@code \n}. The first line is the header: for an
 * uncompressed mbox {@code {"format":"mailferry-mbox-index","version":1}}, for a compressed one
 * {@code {"format":"mailferry-mbox-index","version":2,"compression":"zstd"}} ({@code zstd},
 * {@code gzip} or {@code xz}). Version 2 is version 1 plus the {@code compression} key and frame
 * lines; an uncompressed index is still written as version 1, which older readers understand. A
 * reader refuses a greater version than it knows. Then, in the order they were committed:
 * <ul>
 * <li>one line per message, UIDs strictly ascending, regions contiguous from offset 0:
 * <pre>{"uid":42,"offset":0,"length":1234,"size":1250,"crlf":true,
 *  "internalDate":"2026-11-05T09:03:02Z","flags":["\\Seen"],"keywords":["$Label1"],
 *  "sha256":"&lt;64 lower-case hex digits&gt;"}</pre>
 * {@code uid}: the source UID; {@code offset}: byte offset of the entry's {@code From } line in
 * the mbox text (compressed: in the decompressed text); {@code length}: bytes of the entry through
 * its blank line; {@code size}: bytes of the original message; {@code crlf}: as above;
 * {@code internalDate}: ISO-8601 instant; {@code dateSubstituted}: present and {@code true} only when the
 * server's INTERNALDATE was unreadable and {@code internalDate} is the Date: header or the backup
 * time instead; {@code flags}: IMAP system flags ({@code \Answered
 * \Deleted \Draft \Flagged \Seen}, never {@code \Recent}); {@code keywords}: keywords as the
 * server spelled them; {@code sha256}: of the original bytes (written on one line; wrapped
 * here).</li>
 * <li>flag updates, {@code {"op":"flags","uid":42,"flags":[...],"keywords":[...]}}: the message's
 * flags and keywords from then on (later lines win; unknown UIDs are ignored).</li>
 * <li>compressed only, after the message lines of each unit, its frame line
 * {@code {"op":"frame","fileOffset":0,"fileLength":5120,"mboxOffset":0,"mboxLength":20480}}:
 * where the unit lies in the file and which mbox text it decompresses to. Units are contiguous
 * in the file from offset 0, and each holds exactly the messages listed since the previous frame
 * line.</li>
 * </ul>
 * Readers ignore unknown keys; a line with an unknown {@code op} is an error.
 *
 * <h2>Commit protocol</h2>
 * The index is the commit log. Writing a chunk appends its entries to the data file (compressed:
 * as units) and fsyncs it, then appends their index lines and fsyncs the index: a message is
 * archived once its index line is durable, and, compressed, the frame line after it. Opening a
 * folder for writing drops what follows the last commit: a last index line without {@code \n}
 * and, compressed, message lines not followed by their frame line (truncating the index after the
 * last complete commit); then it truncates the data file to the end of the last committed message
 * (compressed: unit). Whatever followed was never committed. A data file shorter than its index
 * claims is an error naming the file and the offset; data with content and no index was not
 * written by mailferry and is refused. Messages with a UID the index holds are skipped, so a
 * repeated chunk writes nothing twice; one below the highest indexed UID that the index lacks
 * (skipped by an earlier run, fetched again) is put in its place by rewriting the folder, so the
 * index stays in ascending UID order. Readers apply the same rules without
 * changing any file.
 *
 * <h2>Reading, and damage</h2>
 * A reader (restore) finds a message through its index line (compressed: decompresses its unit
 * from the unit's start) and checks it against its size and SHA-256 before handing it out: a
 * damaged message (edited, truncated file, broken unit) is reported as a message failure naming
 * the file and offset, and the others are still read. {@code verify} reads the whole folder in one
 * pass and also reports a line starting with {@code From } inside a message (where other mbox
 * readers would split it), a missing separator, and bytes after the last committed message or
 * unit.
 *
 * <h2>UIDVALIDITY change</h2>
 * When the source announces another UIDVALIDITY than the state file holds, the folder's mbox and
 * index are renamed to the folder {@code "<last segment> [uidvalidity <old>]"} beside it, whose
 * state file (written first) keeps the old UIDVALIDITY as {@code retiredUidValidity}; then a new
 * empty mbox starts. Nothing is deleted, and two UID spaces never share an mbox.
 */
package org.mailferry.mbox;
