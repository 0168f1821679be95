package org.mailferry.job;

import java.util.List;
import java.util.Set;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.SpecialUse;
import org.mailferry.util.Json;

/**
 * A partition's folder as stored in its ExecutionContext (key {@code partition.folder}), so a
 * restarted partition copies the same folder to the same place.
 */
public record PartitionFolder(List<String> path, String rawName, String delimiter, String role,
                              List<String> attributes, List<String> target) {


    static PartitionFolder of(FolderInfo f, FolderPath target) {
        return new PartitionFolder(f.path().segments(), f.rawName(),
                f.delimiter() == null ? null : String.valueOf(f.delimiter()), f.role().map(Enum::name).orElse(null),
                List.copyOf(f.attributes()), target.segments());
    }

    public FolderInfo source() {
        Character d = delimiter == null || delimiter.isEmpty() ? null : delimiter.charAt(0);
        return new FolderInfo(new FolderPath(path), rawName, d, SpecialUse.fromName(role), Set.copyOf(attributes));
    }

    public FolderPath targetPath() {
        return new FolderPath(target);
    }

    String toJson() {
        return Json.MAPPER.writeValueAsString(this);
    }

    public static PartitionFolder fromJson(String json) {
        return Json.MAPPER.readValue(json, PartitionFolder.class);
    }
}
