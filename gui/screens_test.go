package gui

// The screens by their type, for the tests (the window's code reaches them through the shell).
func (s *shell) assistant() *assistantScreen { return s.screen("assistant").(*assistantScreen) }
func (s *shell) troubleshoot() *troubleshootScreen {
	return s.screen("troubleshoot").(*troubleshootScreen)
}
func (s *shell) printers() *printersScreen { return s.screen("printers").(*printersScreen) }
func (s *shell) signin() *signinScreen     { return s.screen("signin").(*signinScreen) }
func (s *shell) conntest() *conntestScreen { return s.screen("conntest").(*conntestScreen) }
func (s *shell) listen() *listenScreen     { return s.screen("listen").(*listenScreen) }
