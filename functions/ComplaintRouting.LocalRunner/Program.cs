Console.WriteLine("local runner: not built yet");
