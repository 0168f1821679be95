package org.mailferry.error;

/** How much a failure breaks (isync's DRV_MSG_BAD / BOX_BAD / STORE_BAD, plus transient links). */
public enum FailureScope {
    /** One message is skipped and reported; the run ends partial. */
    MESSAGE,
    /** One folder's partition fails; the others go on; the run ends partial. */
    FOLDER,
    /** The whole job fails with a one-line cause and its exit code. */
    STORE,
    /** The link dropped or the server throttled: reconnect with backoff and resume. */
    CONNECTION
}
