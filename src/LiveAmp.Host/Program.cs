namespace LiveAmp.Host; static class Program { static int Main(string[] args) => 0; }
