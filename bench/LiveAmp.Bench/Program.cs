namespace LiveAmp.Bench; static class Program { static void Main(string[] args) { } }
