//go:build !windows

package checks

import "net/http"

// SystemProxy is the proxy the system asks programs to use: the environment variables
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).
func SystemProxy() ProxyFunc { return http.ProxyFromEnvironment }
