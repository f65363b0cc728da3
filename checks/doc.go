// Package checks holds single probes that each answer one question about the customer's
// network, tenant or printers:
//
//   - the route to Exchange Online, step by step: does the SMTP host resolve (LookupHost), is
//     the port open or silent (Connect), then one SMTP session (Session.Run) — does the server
//     greet, does STARTTLS verify with TLS 1.2 or later, is AUTH XOAUTH2 offered, does it pass,
//     and are MAIL FROM, RCPT TO and DATA accepted — with a redacted transcript of the
//     dialogue. The server is not trusted: each stage ends at the session's timeout or when
//     its context is done, and a line or a reply past its bound ends the session (reply.go);
//   - Microsoft's sign-in host over HTTPS, directly and through the system's proxy (Reach,
//     SystemProxy), and the local clock against its Date header (Clock);
//   - Microsoft Entra: is this a valid tenant or client ID, offline (Tenant, ClientID,
//     Authority), does the tenant exist and in which cloud (TenantExists, Clouds);
//   - the printers on the LAN: SNMP identification, one host or a whole subnet by broadcast
//     (QuerySNMP, BroadcastSNMP), WS-Discovery probes and metadata (ProbeWSD, WSDMetadata),
//     and the admin page's title (ProbeAdminPage).
//
// A check returns data, never prints and never decides the wording shown to a person: a Step
// has a status, a duration, the raw Detail (what it saw, or the error's own text), the codes
// the knowledge base explains, the server's reply, and a Reason — a short code from ReasonOf
// naming the network or TLS failure behind an error ("dns-not-found", "timeout",
// "tls-unknown-authority"...) that the faces turn into a localized one-line summary
// ("reason.<code>" in the message files).
package checks
