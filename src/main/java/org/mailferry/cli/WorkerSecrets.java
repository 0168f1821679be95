package org.mailferry.cli;

import java.util.List;
import java.util.function.UnaryOperator;
import org.mailferry.auth.AuthChoice;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.run.CopyPlan;
import org.mailferry.store.StoreUri;

/**
 * Where a fleet worker takes the secrets of the accounts it runs: its own {@code --accounts} file
 * (the row whose source, and for a migration target, match the plan's), else the references the
 * manager sealed for the account with the fleet key (already in the plan when they name a secret
 * source), else the worker's own password and OAuth options. Never from the job database in the
 * clear: its plans name no secret source. The plan keeps what names the login (provider, OAuth
 * flow, tenant, client id). A mailbox this worker has no secret for fails its account alone,
 * saying what to give the worker. Immutable.
 */
final class WorkerSecrets implements UnaryOperator<CopyPlan> {

    private final List<AccountsFile.Account> rows;
    private final AuthChoice source;
    private final AuthChoice target;

    WorkerSecrets(List<AccountsFile.Account> rows, AuthChoice source, AuthChoice target) {
        this.rows = List.copyOf(rows);
        this.source = source;
        this.target = target;
    }

    @Override
    public CopyPlan apply(CopyPlan plan) {
        AccountsFile.Account row = rows.stream().filter(r -> matches(r, plan)).findFirst().orElse(null);
        return plan.withSides(side(plan.source(), row == null ? null : row.sourceAuth(), source, "--"),
                side(plan.target(), row == null ? null : row.targetAuth(), target, "--target-"));
    }

    private static boolean matches(AccountsFile.Account row, CopyPlan plan) {
        return same(row.source(), plan.source()) && (row.target() == null || !row.target().isImap()
                || same(row.target(), plan.target()));
    }

    private static boolean same(StoreUri given, CopyPlan.Side recorded) {
        AuthChoice login = recorded.auth() == null ? AuthChoice.password("--", null, null, null) : recorded.auth();
        return given.describe().equals(recorded.uri()) || MailboxAuth.complete(login, given).describe().equals(recorded.uri());
    }

    private static CopyPlan.Side side(CopyPlan.Side recorded, AuthChoice fromRow, AuthChoice fromOptions, String prefix) {
        if (!StoreUri.parse(recorded.uri()).isImap()) {
            return recorded;
        }
        if (fromRow == null && recorded.auth() != null && recorded.auth().hasSecretSource()) {
            return recorded; // the manager's sealed references
        }
        AuthChoice mine = fromRow != null ? fromRow : fromOptions;
        AuthChoice merged = mine.withLoginOf(recorded.auth());
        if (!merged.hasSecretSource() && !"device-code".equals(merged.oauth())) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, "this worker has no secret for "
                    + recorded.uri() + ": the manager gave none; give the worker a row for it in its --accounts"
                    + " file, or " + prefix + "password-file/" + prefix + "password-env (or " + prefix + "oauth-* options)");
        }
        return new CopyPlan.Side(recorded.uri(), merged);
    }
}
