package org.vitrine.hub.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names screens and phones may use to reach this hub: localhost, the machine's host name,
 * the loopback addresses, every address of its network interfaces, the host of the check-in's
 * public URL and the names the operator added. Blocking (reads the OS); call it off the event loop.
 */
public final class HostNames {

  private static final Logger LOG = LoggerFactory.getLogger(HostNames.class);

  private HostNames() {
  }

  /** {@code extra}: tls.hostNames; {@code publicUrl}: checkin.publicUrl, may be empty. */
  public static SubjectNames current(List<String> extra, String publicUrl) {
    List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
    String host = hostName();
    if (host != null && SubjectNames.isHostName(host)) {
      names.add(host);
    }
    names.addAll(interfaceAddresses());
    String publicHost = hostOf(publicUrl);
    if (publicHost != null) {
      names.add(publicHost);
    }
    names.addAll(extra);
    return SubjectNames.of(names);
  }

  /** The host of an http(s) URL (IPv6 without brackets), or null. */
  static String hostOf(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      String host = URI.create(url.trim()).getHost();
      return host == null ? null : host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The kernel's host name as set (no DNS lookup, which can hang for seconds on a store network). */
  static String hostName() {
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        String name = Files.readString(kernel).trim();
        if (!name.isEmpty()) {
          return name;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      LOG.debug("no host name for the server certificate: {}", e.toString());
      return null;
    }
  }

  /** Every address of every interface that is up, loopback excepted (127.0.0.1 and ::1 are always in). */
  static List<String> interfaceAddresses() {
    List<String> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (!a.isLoopbackAddress()) {
            addresses.add(a.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      LOG.warn("cannot list the network interfaces for the server certificate: {}", e.toString());
    }
    return addresses;
  }
}
