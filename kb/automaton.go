package kb

// automaton finds many phrases in one pass over a squashed text (Aho-Corasick, compiled to a
// full transition table over the 36 symbols a squashed text holds: a-z and 0-9).
type automaton struct {
	next [][36]int32 // state -> symbol -> state
	out  [][]int32   // state -> patterns that end here
}

// symbol maps a squashed byte to its column; squashed texts hold nothing else.
func symbol(c byte) int {
	if c >= 'a' {
		return int(c-'a') + 10
	}
	return int(c - '0')
}

func newAutomaton(patterns []string) *automaton {
	a := &automaton{next: make([][36]int32, 1), out: make([][]int32, 1)}
	for n, p := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := symbol(p[i])
			if a.next[s][c] == 0 {
				a.next = append(a.next, [36]int32{})
				a.out = append(a.out, nil)
				a.next[s][c] = int32(len(a.next) - 1)
			}
			s = a.next[s][c]
		}
		a.out[s] = append(a.out[s], int32(n))
	}
	// Breadth first: each state's failure is the longest proper suffix that is also a prefix;
	// missing transitions borrow the failure state's, and outputs inherit the failure's.
	fail := make([]int32, len(a.next))
	queue := make([]int32, 0, len(a.next))
	for c := 0; c < 36; c++ {
		if t := a.next[0][c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.out[s] = append(a.out[s], a.out[fail[s]]...)
		for c := 0; c < 36; c++ {
			t := a.next[s][c]
			if t == 0 {
				a.next[s][c] = a.next[fail[s]][c]
				continue
			}
			fail[t] = a.next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	return a
}

// find returns, for each pattern seen in text, the offset where it first ends.
func (a *automaton) find(text []byte) map[int32]int {
	hits := map[int32]int{}
	s := int32(0)
	for i, c := range text {
		s = a.next[s][symbol(c)]
		for _, p := range a.out[s] {
			if _, seen := hits[p]; !seen {
				hits[p] = i
			}
		}
	}
	return hits
}
