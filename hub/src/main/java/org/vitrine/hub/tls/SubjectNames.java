package org.vitrine.hub.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The names a server certificate is for (its subjectAltName): DNS names, lower case, and IP
 * addresses in one canonical text form, so the names of this start and those of a certificate on
 * disk compare as plain sets. Pure: no name is ever looked up. JDK only, no BouncyCastle: a hub
 * restart checks its certificate without loading BouncyCastle at all (see {@link Pem}).
 */
public record SubjectNames(SortedSet<String> dnsNames, SortedSet<String> ipAddresses) {

  /** GeneralName tags (RFC 5280) in X509Certificate.getSubjectAlternativeNames(). */
  static final int DNS_NAME = 2;
  static final int IP_ADDRESS = 7;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  /** A host name (RFC 1123 labels), optionally a wildcard's "*." in front. */
  private static final Pattern DNS = Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  public SubjectNames {
    dnsNames = Collections.unmodifiableSortedSet(new TreeSet<>(dnsNames));
    ipAddresses = Collections.unmodifiableSortedSet(new TreeSet<>(ipAddresses));
  }

  /** Host names and IP literals (IPv6 with or without brackets; a zone id such as %eth0 is dropped). */
  public static SubjectNames of(Collection<String> names) {
    SortedSet<String> dns = new TreeSet<>();
    SortedSet<String> ips = new TreeSet<>();
    for (String name : names) {
      String n = name.trim();
      if (isIpLiteral(n)) {
        ips.add(canonicalIp(n));
      } else if (isHostName(n)) {
        dns.add(n.toLowerCase(Locale.ROOT));
      } else {
        throw new IllegalArgumentException("'" + name + "' is neither a host name nor an IP address");
      }
    }
    return new SubjectNames(dns, ips);
  }

  /** The subjectAltName of a certificate (empty sets when it has none). */
  public static SubjectNames of(X509Certificate cert) {
    SortedSet<String> dns = new TreeSet<>();
    SortedSet<String> ips = new TreeSet<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == DNS_NAME) {
            dns.add(san.get(1).toString().toLowerCase(Locale.ROOT));
          } else if (type == IP_ADDRESS) {
            ips.add(canonicalIp(san.get(1).toString()));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subjectAltName: " + e.getMessage(), e);
    }
    return new SubjectNames(dns, ips);
  }

  /** True when a name a client may use is an IP literal (then it is never looked up). */
  public static boolean isIpLiteral(String name) {
    String n = name.trim();
    return IPV4.matcher(n).matches() || n.contains(":");
  }

  public static boolean isHostName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.length() <= 253 && DNS.matcher(n).matches();
  }

  /** One text form per address: 127.0.0.1, 0:0:0:0:0:0:0:1 (Java's form; brackets and zone id removed). */
  static String canonicalIp(String literal) {
    try {
      return InetAddress.getByAddress(ipBytes(literal)).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
    }
  }

  /** The 4 or 16 bytes of an IP literal. */
  static byte[] ipBytes(String literal) {
    String n = literal.trim();
    if (n.startsWith("[") && n.endsWith("]")) {
      n = n.substring(1, n.length() - 1);
    }
    int zone = n.indexOf('%');
    if (zone >= 0) {
      n = n.substring(0, zone);
    }
    if (IPV4.matcher(n).matches()) {
      byte[] bytes = new byte[4];
      String[] parts = n.split("\\.");
      for (int i = 0; i < 4; i++) {
        int octet = Integer.parseInt(parts[i]);
        if (octet > 255) {
          throw new IllegalArgumentException("'" + literal + "' is not an IP address");
        }
        bytes[i] = (byte) octet;
      }
      return bytes;
    }
    try {
      // in brackets InetAddress must parse it as an IPv6 literal: it never looks the text up in DNS
      return InetAddress.getByName("[" + n + "]").getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
    }
  }

  /** Every name of {@code other} is one of ours. */
  public boolean covers(SubjectNames other) {
    return dnsNames.containsAll(other.dnsNames) && ipAddresses.containsAll(other.ipAddresses);
  }

  public boolean isEmpty() {
    return dnsNames.isEmpty() && ipAddresses.isEmpty();
  }

  public SubjectNames plus(SubjectNames other) {
    SortedSet<String> dns = new TreeSet<>(dnsNames);
    dns.addAll(other.dnsNames);
    SortedSet<String> ips = new TreeSet<>(ipAddresses);
    ips.addAll(other.ipAddresses);
    return new SubjectNames(dns, ips);
  }

  /** The certificate's common name: a name people recognise (subjectAltName is what clients check). */
  String commonName() {
    return dnsNames.stream().filter(n -> !n.equals("localhost") && !n.startsWith("*.")).findFirst()
        .orElse(dnsNames.isEmpty() ? ipAddresses.first() : dnsNames.first());
  }

  @Override
  public String toString() {
    List<String> all = new ArrayList<>(dnsNames);
    all.addAll(ipAddresses);
    return String.join(", ", all);
  }
}
