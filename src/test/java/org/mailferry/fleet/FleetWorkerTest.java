package org.mailferry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailferry.schedule.JobLeases;

/** How the manager tells that a partition's worker is gone without waiting for its lease. */
class FleetWorkerTest {

    private static final String HOST = JobLeases.Owner.ofThisProcess().host();

    @Test
    void aWorkerOfThisHostWhoseProcessEndedShouldBeGone() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();

        assertThat(FleetWorker.isGoneFromThisHost(FleetWorker.nameOf(HOST, ended.pid()))).isTrue();
    }

    @Test
    void aLiveWorkerAnotherHostsWorkerOrANameWithoutPidShouldNotBeGone() {
        long self = ProcessHandle.current().pid();

        assertThat(FleetWorker.isGoneFromThisHost(FleetWorker.nameOf(HOST, self))).isFalse();
        assertThat(FleetWorker.isGoneFromThisHost(FleetWorker.nameOf(HOST + "-elsewhere", Long.MAX_VALUE)))
                .as("another host's processes are not ours to see: its lease tells").isFalse();
        assertThat(FleetWorker.isGoneFromThisHost("its worker")).isFalse();
        assertThat(FleetWorker.isGoneFromThisHost(HOST + " pid x")).isFalse();
    }
}
