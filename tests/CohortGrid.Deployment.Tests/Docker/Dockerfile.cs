using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CohortGrid.Deployment.Tests.Docker;

/// <summary>One instruction of a Dockerfile (continuation lines joined, comments dropped).</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    /// <summary>The exec (JSON array) form of ENTRYPOINT, CMD or RUN, or null for the shell form.</summary>
    public IReadOnlyList<string>? ExecForm => Arguments.TrimStart().StartsWith('[') ? JsonSerializer.Deserialize<string[]>(Arguments) : null;

    /// <summary>Arguments split on whitespace, quotes respected (quotes removed).</summary>
    public IReadOnlyList<string> Words => Dockerfile.SplitWords(Arguments);

    /// <summary>The <c>--name=value</c> flags at the start of the arguments.</summary>
    public IReadOnlyDictionary<string, string> Flags =>
        Words.TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)).Select(w => w[2..].Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    /// <summary>The arguments after the leading flags.</summary>
    public IReadOnlyList<string> Operands => [.. Words.SkipWhile(w => w.StartsWith("--", StringComparison.Ordinal))];

    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}

/// <summary>A build stage: FROM and what follows it.</summary>
public sealed record DockerStage(int Index, string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    /// <summary>The stage's ENV values (later ones win), with <c>$VAR</c> references to earlier ones resolved.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var env in All("ENV"))
            {
                foreach (var word in env.Words)
                {
                    var pair = word.Split('=', 2);
                    if (pair.Length != 2)
                    {
                        throw new InvalidDataException($"{env}: use the KEY=value form of ENV.");
                    }

                    values[pair[0]] = pair[1];
                }
            }

            return values;
        }
    }
}

/// <summary>
/// A line parser of Dockerfiles, enough for the files in docker/: parser directives and comments, backslash
/// continuations, ARG defaults (global and per stage) substituted into FROM, stages with names. Heredocs and
/// escape directives other than the default are refused.
/// </summary>
public sealed partial class Dockerfile
{
    private static readonly HashSet<string> Keywords =
        ["FROM", "ARG", "ENV", "RUN", "COPY", "ADD", "WORKDIR", "USER", "EXPOSE", "VOLUME", "HEALTHCHECK", "ENTRYPOINT", "CMD", "LABEL", "SHELL", "STOPSIGNAL", "ONBUILD"];

    private Dockerfile(string path, IReadOnlyDictionary<string, string> globalArgs, IReadOnlyList<DockerStage> stages)
    {
        Path = path;
        GlobalArgs = globalArgs;
        Stages = stages;
    }

    public string Path { get; }

    /// <summary>ARGs before the first FROM, with their defaults.</summary>
    public IReadOnlyDictionary<string, string> GlobalArgs { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>The stage the image is made of (the last one).</summary>
    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string name) => Stages.SingleOrDefault(s => s.Name == name) ?? throw new InvalidDataException($"{Path}: no stage '{name}'.");

    public static Dockerfile Parse(string path)
    {
        var instructions = new List<DockerInstruction>();
        var lines = File.ReadAllLines(path);
        var current = new StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith('#'))
            {
                if (i == 0 && trimmed.StartsWith("# escape=", StringComparison.Ordinal))
                {
                    throw new NotSupportedException($"{path}: escape directives are not supported.");
                }

                continue;
            }

            if (current.Length == 0)
            {
                if (trimmed.Length == 0)
                {
                    continue;
                }

                start = i + 1;
            }

            if (trimmed.EndsWith('\\'))
            {
                current.Append(trimmed[..^1]).Append(' ');
                continue;
            }

            current.Append(trimmed);
            var text = current.ToString().Trim();
            current.Clear();
            var space = text.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : text[(space + 1)..].Trim();
            if (!Keywords.Contains(keyword))
            {
                throw new InvalidDataException($"{path}:{start}: unknown instruction '{keyword}'.");
            }

            if (arguments.Contains("<<", StringComparison.Ordinal) && keyword is "RUN" or "COPY")
            {
                throw new NotSupportedException($"{path}:{start}: heredocs are not supported by this parser.");
            }

            instructions.Add(new DockerInstruction(keyword, arguments, start));
        }

        if (current.Length > 0)
        {
            throw new InvalidDataException($"{path}: the last line ends with a continuation.");
        }

        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<DockerStage>();
        List<DockerInstruction>? body = null;
        string? baseImage = null, name = null;
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                Close();
                var words = instruction.Operands;
                baseImage = Substitute(words[0], globalArgs);
                name = words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : words.Count == 1 ? null : throw new InvalidDataException($"{path}: {instruction}");
                body = [];
            }
            else if (body is null)
            {
                if (instruction.Keyword != "ARG")
                {
                    throw new InvalidDataException($"{path}: {instruction} comes before the first FROM.");
                }

                var pair = instruction.Arguments.Split('=', 2);
                globalArgs[pair[0].Trim()] = pair.Length > 1 ? pair[1].Trim().Trim('"') : "";
            }
            else
            {
                body.Add(instruction);
            }
        }

        Close();
        if (stages.Count == 0)
        {
            throw new InvalidDataException($"{path}: no FROM.");
        }

        return new Dockerfile(path, globalArgs, stages);

        void Close()
        {
            if (body is not null)
            {
                stages.Add(new DockerStage(stages.Count, baseImage!, name, body));
            }
        }
    }

    /// <summary>Replaces <c>$NAME</c>, <c>${NAME}</c> and <c>${NAME:-default}</c> with values from <paramref name="variables"/>.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> variables) =>
        Variable().Replace(text, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return variables.TryGetValue(name, out var value) && value.Length > 0 ? value
                : m.Groups["default"].Success ? m.Groups["default"].Value
                : throw new InvalidDataException($"'{m.Value}' has no value.");
        });

    /// <summary>Splits on whitespace outside quotes and removes the quotes.</summary>
    public static IReadOnlyList<string> SplitWords(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in text)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Variable();
}
