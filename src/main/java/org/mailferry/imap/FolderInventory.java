package org.mailferry.imap;

import java.util.List;
import org.mailferry.archive.HeldMessage;

/**
 * What a live IMAP folder holds, without bodies ({@link ImapStore#inventory}).
 *
 * @param uidValidity the folder's UIDVALIDITY
 * @param messages    UID, size and flags of each message, ascending by UID; no SHA-256
 */
public record FolderInventory(long uidValidity, List<HeldMessage> messages) {
}
