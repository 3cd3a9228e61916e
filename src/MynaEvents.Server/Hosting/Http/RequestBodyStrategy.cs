using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;
using MynaEvents.Server.Privacy;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace MynaEvents.Server.Hosting.Http;

/// <summary>
/// Binds an endpoint parameter that is one of our request contracts through <see cref="RequestBodies"/>
/// instead of Wolverine's own JSON reader, whose errors name no field and which takes a body without
/// a content type. Runs before Wolverine's strategies; <see cref="Policy"/> refuses to start a server
/// with an endpoint whose body is read any other way (a contract not named <c>*Request</c>, say),
/// so that no body can pass unscanned.
/// </summary>
internal sealed class RequestBodyStrategy : IParameterStrategy
{
    public sealed class Policy : IHttpPolicy
    {
        public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
        {
            foreach (var chain in chains.Where(c => c.RequestType is not null))
                if (RequestBodyVariable.GetValue(chain) is not Variable { Creator: ReadRequestBody })
                    throw new InvalidOperationException(
                        $"{chain.RoutePattern?.RawText}: the body {chain.RequestType!.Name} is not read through RequestBodies, so it would not be " +
                        "scanned for individual numbers. Name the contract *Request in the MynaEvents namespaces.");
        }
    }

    // Wolverine keeps the request type (its OpenAPI request body, the Accepts metadata that makes a
    // wrong content type a 415, middleware matched by message type) in setters it does not expose.
    private static readonly PropertyInfo RequestType = typeof(HttpChain).GetProperty(nameof(HttpChain.RequestType))!;
    private static readonly PropertyInfo RequestBodyVariable = typeof(HttpChain).GetProperty("RequestBodyVariable",
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;

    public bool TryMatch(HttpChain chain, IServiceContainer container, ParameterInfo parameter, out Variable? variable)
    {
        variable = null;
        if (!IndividualNumberScan.IsRequestBody(parameter) || chain.RequestType is not null) return false;
        variable = new ReadRequestBody(parameter).Body;
        RequestType.SetValue(chain, parameter.ParameterType);
        RequestBodyVariable.SetValue(chain, variable);
        return true;
    }

    private sealed class ReadRequestBody : AsyncFrame
    {
        private Variable? _http;

        public ReadRequestBody(ParameterInfo parameter) => Body = new Variable(parameter.ParameterType, parameter.Name!, this);

        public Variable Body { get; }

        public override IEnumerable<Variable> FindVariables(IMethodVariables chain)
        {
            _http = chain.FindVariable(typeof(HttpContext));
            yield return _http;
        }

        public override void GenerateCode(GeneratedMethod method, ISourceWriter writer)
        {
            writer.WriteComment("The request body, read as minimal APIs read it, and scanned for individual numbers");
            writer.Write($"var ({Body.Usage}, {Body.Usage}Refusal) = await {typeof(RequestBodies).FullNameInCode()}." +
                $"{nameof(RequestBodies.ReadAsync)}<{Body.VariableType.FullNameInCode()}>({_http!.Usage}, \"{Body.Usage}\");");
            writer.Write($"if ({Body.Usage}Refusal != null) {{ await {Body.Usage}Refusal.ExecuteAsync({_http.Usage}); return; }}");
            Next?.GenerateCode(method, writer);
        }
    }
}
