package org.vitrine.devices.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code store.yaml} and {@code shoppers.yaml} from a conf directory. Everything else in those
 * files (screens, profiles...) belongs to the hub and is ignored here, so the simulator keeps working
 * when the hub's conf grows.
 */
public final class ConfLoader {

    static final String STORE_FILE = "store.yaml";
    static final String SHOPPERS_FILE = "shoppers.yaml";
    static final String CAMERA_KIND = "camera";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfLoader() {
    }

    public static StoreLayout load(Path confDir) throws ConfException {
        Path storeFile = confDir.resolve(STORE_FILE);
        JsonNode store = read(storeFile);
        List<String> zones = zones(storeFile, store);
        List<Camera> cameras = cameras(storeFile, store, zones);
        Path shoppersFile = confDir.resolve(SHOPPERS_FILE);
        List<String> shoppers = shoppers(shoppersFile, read(shoppersFile));
        return new StoreLayout(zones, cameras, shoppers);
    }

    /**
     * Only the camera devices of {@code store.yaml} (with their zones checked): what a camera agent
     * needs to log in as its device, without the simulator's shoppers.yaml.
     */
    public static List<Camera> cameras(Path confDir) throws ConfException {
        Path storeFile = confDir.resolve(STORE_FILE);
        JsonNode store = read(storeFile);
        return cameras(storeFile, store, zones(storeFile, store));
    }

    private static JsonNode read(Path file) throws ConfException {
        if (!Files.isRegularFile(file)) {
            throw new ConfException(file, null, "file not found (conf directory: " + file.toAbsolutePath().getParent() + ")");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfException(file, null, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ConfException(file, null, "cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfException(file, null, "file is empty");
        }
        if (!root.isObject()) {
            throw new ConfException(file, null, "expected a mapping at the top level");
        }
        return root;
    }

    private static List<String> zones(Path file, JsonNode store) throws ConfException {
        JsonNode list = store.path("zones");
        if (!list.isArray() || list.isEmpty()) {
            throw new ConfException(file, "zones", "missing or empty: the simulator walks shoppers through the zones");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String id = requiredText(file, list.get(i), "zones[" + i + "]", "id");
            if (!ids.add(id)) {
                throw new ConfException(file, "zones[" + i + "].id", "duplicate zone id '" + id + "'");
            }
        }
        return new ArrayList<>(ids);
    }

    private static List<Camera> cameras(Path file, JsonNode store, List<String> zones) throws ConfException {
        JsonNode list = store.path("devices");
        if (!list.isArray()) {
            throw new ConfException(file, "devices", "missing: the simulator publishes through the camera devices");
        }
        List<Camera> cameras = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "devices[" + i + "]";
            JsonNode device = list.get(i);
            String id = requiredText(file, device, at, "id");
            if (!ids.add(id)) {
                throw new ConfException(file, at + ".id", "duplicate device id '" + id + "'");
            }
            String kind = requiredText(file, device, at, "kind");
            if (!CAMERA_KIND.equals(kind)) {
                continue; // speakers and later device kinds are not simulated
            }
            String zone = requiredText(file, device, at, "zone");
            if (!zones.contains(zone)) {
                throw new ConfException(file, at + ".zone", "camera '" + id + "' watches unknown zone '" + zone
                        + "' (zones: " + String.join(", ", zones) + ")");
            }
            String password = requiredText(file, device, at, "password");
            cameras.add(new Camera(id, zone, password));
        }
        if (cameras.isEmpty()) {
            throw new ConfException(file, "devices", "no device with kind '" + CAMERA_KIND + "': nothing to publish sightings with");
        }
        return cameras;
    }

    private static List<String> shoppers(Path file, JsonNode root) throws ConfException {
        JsonNode list = root.path("shoppers");
        if (list.isMissingNode() || list.isNull()) {
            throw new ConfException(file, "shoppers", "missing (use 'shoppers: []' for a store without demo shoppers)");
        }
        if (!list.isArray()) {
            throw new ConfException(file, "shoppers", "expected a list of shoppers");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String id = requiredText(file, list.get(i), "shoppers[" + i + "]", "id");
            if (!ids.add(id)) {
                throw new ConfException(file, "shoppers[" + i + "].id", "duplicate shopper id '" + id + "'");
            }
        }
        return new ArrayList<>(ids);
    }

    private static String requiredText(Path file, JsonNode item, String at, String field) throws ConfException {
        if (item == null || !item.isObject()) {
            throw new ConfException(file, at, "expected a mapping");
        }
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            throw new ConfException(file, at + "." + field, "missing" + describe(item));
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new ConfException(file, at + "." + field, "expected a non-empty text" + describe(item));
        }
        return value.asText().trim();
    }

    /** Names the entry by its id when it has one, so the message points at the right line. */
    private static String describe(JsonNode item) {
        JsonNode id = item.get("id");
        return id != null && id.isValueNode() && !id.asText().isBlank() ? " (entry '" + id.asText() + "')" : "";
    }
}
