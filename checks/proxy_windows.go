//go:build windows

package checks

import (
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/sys/windows/registry"
)

// SystemProxy is the proxy the system asks programs to use: the environment variables if set,
// else the user's Windows proxy settings (Internet Options: ProxyEnable and ProxyServer, as
// "host:port" or "http=host:port;https=host:port").
func SystemProxy() ProxyFunc {
	return func(req *http.Request) (*url.URL, error) {
		if u, err := http.ProxyFromEnvironment(req); u != nil || err != nil {
			return u, err
		}
		return windowsProxy()
	}
}

func windowsProxy() (*url.URL, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, `Software\Microsoft\Windows\CurrentVersion\Internet Settings`, registry.QUERY_VALUE)
	if err != nil {
		return nil, nil
	}
	defer k.Close()
	if enabled, _, err := k.GetIntegerValue("ProxyEnable"); err != nil || enabled == 0 {
		return nil, nil
	}
	server, _, err := k.GetStringValue("ProxyServer")
	if err != nil || server == "" {
		return nil, nil
	}
	for _, part := range strings.Split(server, ";") {
		if scheme, addr, ok := strings.Cut(part, "="); ok {
			if scheme != "https" {
				continue
			}
			server = addr
		} else {
			server = part
		}
		break
	}
	return url.Parse("http://" + strings.TrimPrefix(server, "http://"))
}
