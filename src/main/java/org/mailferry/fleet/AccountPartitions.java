package org.mailferry.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailferry.run.CopyPlan;
import org.mailferry.run.PlanCodec;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The partitions of a fleet run, one per account, and the keys of their step execution
 * contexts: what the manager hands a worker (the account's signed plan, which names no secret
 * source, the account's secret references sealed with the fleet key, the name of its lease, the
 * fleet's connection cap per server)
 * and what the worker leaves for the manager (outcome, exit code, error, the account's own
 * execution, the worker). Immutable.
 */
final class AccountPartitions implements Partitioner {

    static final String PLAN = "fleet.plan";
    static final String SIGNATURE = "fleet.signature";
    static final String SECRETS = "fleet.secrets";
    static final String ACCOUNT = "fleet.account";
    static final String LEASE = "fleet.lease";
    static final String OUTCOME = "fleet.outcome";
    static final String EXIT_CODE = "fleet.exitCode";
    static final String ERROR = "fleet.error";
    static final String EXECUTION = "fleet.execution";
    static final String WORKER = "fleet.worker";
    static final String PER_HOST = "fleet.perHost";

    private final Map<String, ExecutionContext> partitions = new LinkedHashMap<>();

    AccountPartitions(List<CopyPlan> plans, int perHost, PlanSignature signature) {
        int n = 0;
        for (CopyPlan plan : plans) {
            String json = PlanCodec.toJson(plan);
            String account = accountOf(plan);
            ExecutionContext ec = new ExecutionContext();
            ec.putString(PLAN, json);
            ec.putString(SIGNATURE, signature.sign(signed(json, perHost)));
            ec.putString(SECRETS, signature.seal(SealedLogins.of(plan).toJson(), signed(json, perHost)));
            ec.putString(ACCOUNT, account);
            ec.putString(LEASE, leaseName(account));
            ec.putInt(PER_HOST, perHost);
            partitions.put(String.format("account%05d", ++n), ec);
        }
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        return partitions;
    }

    /** What the signature covers: the plan and the fleet's connection cap. */
    static String signed(String planJson, int perHost) {
        return planJson + "\n" + perHost;
    }

    /** How an account is named in messages, summaries and its lease: source and target. */
    static String accountOf(CopyPlan plan) {
        return plan.source().uri() + " -> " + plan.target().uri();
    }

    /** The lease a worker holds while it copies an account: on every host, one copy of an account at a time. */
    static String leaseName(String account) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8));
            return "account " + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity of a fleet run: its accounts' plans, in order. */
    static String key(String verb, List<CopyPlan> plans) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (CopyPlan p : plans) {
                d.update(PlanCodec.toJson(p.from(null)).getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return "fleet " + verb + " " + HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
