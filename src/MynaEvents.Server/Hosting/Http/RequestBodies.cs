using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using MynaEvents.Server.Privacy;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MynaEvents.Server.Hosting.Http;

/// <summary>
/// How a Wolverine endpoint reads its request body: as a minimal-API endpoint does (a body that is
/// not JSON, not there or not parseable throws <see cref="BadHttpRequestException"/>, which
/// <c>ExceptionToProblem</c> turns into a problem naming the field), then the individual-number
/// scan. Every endpoint that takes one of our request contracts reads it here
/// (<see cref="RequestBodyStrategy"/>), so none can skip the scan.
/// </summary>
public static class RequestBodies
{
    public static async Task<(T? Body, IResult? Refusal)> ReadAsync<T>(HttpContext http, string parameterName) where T : class
    {
        T? body = null;
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            if (!http.Request.HasJsonContentType())
                throw new BadHttpRequestException($"Expected a supported JSON media type but got \"{http.Request.ContentType}\".",
                    StatusCodes.Status415UnsupportedMediaType);
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            try
            {
                body = await http.Request.ReadFromJsonAsync<T>(options, http.RequestAborted);
            }
            catch (JsonException json)
            {
                throw new BadHttpRequestException($"Failed to read parameter \"{typeof(T).Name} {parameterName}\" from the request body as JSON.",
                    StatusCodes.Status400BadRequest, json);
            }
            catch (IOException io)
            {
                throw new BadHttpRequestException("Reading the request body failed.", StatusCodes.Status400BadRequest, io);
            }
        }
        if (body is null)
            throw new BadHttpRequestException($"Implicit body inferred for parameter \"{typeof(T).Name} {parameterName}\" but no body was provided.",
                StatusCodes.Status400BadRequest);
        return (body, IndividualNumberScan.Refusal(body));
    }
}
