package dev.licensegateway.admin.service;

import java.util.Map;
import java.util.TreeMap;

/** How many changes of each action (create, update, activate, release) a document made; one per audit row. */
final class Changes {

    private final Map<String, Integer> byAction = new TreeMap<>();

    void add(String action, int n) {
        if (n > 0) {
            byAction.merge(action, n, Integer::sum);
        }
    }

    void addAll(Map<String, Integer> more) {
        more.forEach(this::add);
    }

    Map<String, Integer> asMap() {
        return Map.copyOf(byAction);
    }
}
