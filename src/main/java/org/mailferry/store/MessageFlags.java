package org.mailferry.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * System flags and keywords of one message. Keywords keep their case (IMAP atoms); comparison is
 * exact. Immutable.
 */
public record MessageFlags(Set<SystemFlag> system, SortedSet<String> keywords) {

    public static final MessageFlags NONE = new MessageFlags(EnumSet.noneOf(SystemFlag.class), new TreeSet<>());

    public MessageFlags {
        EnumSet<SystemFlag> s = EnumSet.noneOf(SystemFlag.class);
        s.addAll(system);
        system = Collections.unmodifiableSet(s);
        keywords = Collections.unmodifiableSortedSet(new TreeSet<>(keywords));
    }

    public static MessageFlags of(Set<SystemFlag> system, Set<String> keywords) {
        return new MessageFlags(system, new TreeSet<>(keywords));
    }

    public boolean has(SystemFlag f) {
        return system.contains(f);
    }

    /** IMAP names of every flag and keyword, system flags first ({@code \Seen}, then keywords). */
    public List<String> imapNames() {
        List<String> names = new ArrayList<>();
        for (SystemFlag f : system) {
            names.add(f.imapName());
        }
        names.addAll(keywords);
        return names;
    }

    public static MessageFlags fromImapNames(Iterable<String> names) {
        EnumSet<SystemFlag> s = EnumSet.noneOf(SystemFlag.class);
        TreeSet<String> k = new TreeSet<>();
        for (String n : names) {
            SystemFlag f = SystemFlag.fromImapName(n);
            if (f != null) {
                s.add(f);
            } else if (!n.startsWith("\\")) {
                k.add(n);
            }
        }
        return new MessageFlags(s, k);
    }

    public MessageFlags withoutKeywords() {
        return new MessageFlags(system, new TreeSet<>());
    }

    @Override
    public String toString() {
        return String.join(" ", imapNames());
    }
}
