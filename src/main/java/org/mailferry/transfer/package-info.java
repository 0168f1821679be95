/**
 * A whole archive as one file and back ({@code mailferry export} / {@code import}).
 *
 * <h2>The file</h2>
 * A POSIX (pax) tar, compressed as its name says: {@code .tar.zst} or {@code .tzst} (zstd),
 * {@code .tar.gz} or {@code .tgz} (gzip), {@code .tar.xz} or {@code .txz} (xz), {@code .tar}
 * (none); {@code tar --zstd -xf}, {@code tar -xzf} and {@code tar -xJf} read it. Every entry lies
 * under one top directory named after the archive's root directory, so extracting it by hand
 * creates one directory. Entries are the archive's directories (mode 0700) and regular files (mode
 * 0600) with their modification times, which for a Maildir message is its INTERNALDATE. Not
 * included: the run lock {@code .mailferry.lock} and files in a Maildir's {@code tmp/} (never
 * messages). Names longer than 100 bytes use pax headers.
 *
 * <h2>Export</h2>
 * Streams the tree into the compressor and the file: no temporary copy of the archive. It holds
 * the archive's lock while it reads, so no backup changes the archive under it, and writes
 * {@code FILE.part}, fsyncs it and renames it to {@code FILE} at the end: {@code FILE} is complete
 * or absent. An existing {@code FILE} is replaced only with {@code --force}; a link in the
 * archive is refused.
 *
 * <h2>Import</h2>
 * Refuses anything whose first file is not a mailferry manifest ("not a mailferry export", exit 2);
 * names the byte offset where a truncated or corrupt stream breaks (exit 14), a stream that ends
 * between two entries without the tar's end-of-archive record included; unpacks at most
 * {@code --max-size} bytes (default 200 times the file's size; each entry also counts 4 KB, so
 * empty files cannot flood the disk; counted as written, whatever an entry declares) and never
 * more than the target's free space less 64 MB.
 * Recognises the compression by its magic number, and refuses (naming the entry) anything but
 * directories and regular files (sparse files too), absolute names, names with {@code ..}, and entries outside the
 * common top directory. It extracts into a hidden sibling of the target, restoring modification
 * times and giving every file 0600 and directory 0700 whatever the tar says, fsyncs everything,
 * then renames it to the target, which must not exist or be an empty directory: the target is
 * complete or absent.
 */
package org.mailferry.transfer;
