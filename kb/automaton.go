package kb

// automaton finds many keywords in one pass over a text (Aho-Corasick, compiled to a full
// transition table). Bytes that occur in no keyword share one column, so the table stays small.
type automaton struct {
	class   [256]uint8 // byte -> column; 0 for bytes in no keyword
	columns int
	next    [][]int32 // state -> column -> state, while building
	out     [][]int32 // state -> keywords that end here
	lens    []int     // keyword -> length
	table   []int32   // next, flattened: state*columns + column -> state
	hasOut  []bool    // state -> whether some keyword ends here
}

func newAutomaton(keywords []string) *automaton {
	a := &automaton{columns: 1}
	for _, k := range keywords {
		for i := 0; i < len(k); i++ {
			if a.class[k[i]] == 0 {
				a.class[k[i]] = uint8(a.columns)
				a.columns++
			}
		}
		a.lens = append(a.lens, len(k))
	}
	a.next = [][]int32{make([]int32, a.columns)}
	a.out = [][]int32{nil}
	for n, k := range keywords {
		s := int32(0)
		for i := 0; i < len(k); i++ {
			c := a.class[k[i]]
			if a.next[s][c] == 0 {
				a.next = append(a.next, make([]int32, a.columns))
				a.out = append(a.out, nil)
				a.next[s][c] = int32(len(a.next) - 1)
			}
			s = a.next[s][c]
		}
		a.out[s] = append(a.out[s], int32(n))
	}
	a.link()
	for s, row := range a.next {
		a.table = append(a.table, row...)
		a.hasOut = append(a.hasOut, len(a.out[s]) > 0)
	}
	a.next = nil
	return a
}

// link computes, breadth first, each state's failure (the longest proper suffix that is also
// a prefix); missing transitions borrow the failure's, and outputs inherit the failure's.
func (a *automaton) link() {
	fail := make([]int32, len(a.next))
	var queue []int32
	for c := 1; c < a.columns; c++ {
		if t := a.next[0][c]; t != 0 {
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.out[s] = append(a.out[s], a.out[fail[s]]...)
		for c := 1; c < a.columns; c++ {
			t := a.next[s][c]
			if t == 0 {
				a.next[s][c] = a.next[fail[s]][c]
				continue
			}
			fail[t] = a.next[fail[s]][c]
			queue = append(queue, t)
		}
	}
}

// each calls f with every keyword occurrence in text and the offset where it starts.
func (a *automaton) each(text string, f func(keyword, start int)) {
	s, cols := int32(0), int32(a.columns)
	for i := 0; i < len(text); i++ {
		s = a.table[s*cols+int32(a.class[text[i]])]
		if a.hasOut[s] {
			for _, k := range a.out[s] {
				f(int(k), i+1-a.lens[k])
			}
		}
	}
}

// first returns, for each keyword found in text, the offset where it first starts.
func (a *automaton) first(text string) map[int]int {
	hits := map[int]int{}
	a.each(text, func(k, start int) {
		if _, seen := hits[k]; !seen {
			hits[k] = start
		}
	})
	return hits
}
