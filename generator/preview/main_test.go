package preview

import (
	"os"
	"testing"

	"icsguide/generator/internal/browsertest"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
