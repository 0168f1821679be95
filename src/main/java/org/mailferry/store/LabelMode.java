package org.mailferry.store;

/**
 * Where a message of a Gmail archive goes when the target is not Gmail ({@code --labels}): into
 * the folder of each of its labels, or only into its first label's folder. A message without a
 * label goes to the All Mail folder either way; Spam and Trash stay what they are. A Gmail
 * target (X-GM-EXT-1) gets each message once, into All Mail, with its labels set again.
 */
public enum LabelMode {
    /** a folder per label, each holding a copy of the message (the default) */
    FOLDERS,
    /** only the first label's folder */
    PRIMARY
}
