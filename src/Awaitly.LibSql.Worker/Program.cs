using Awaitly.LibSql.Worker;

// dotnet run --project src/Awaitly.LibSql.Worker -- --Worker:Order=order-1
// Kill it while it runs, start it again without --Worker:Order: the resumer finishes the order from its checkpoint.
// appsettings.json sits next to the binary; the database path stays relative to the working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.Configure<WorkerOptions>(builder.Configuration.GetSection("Worker"));
builder.Services.AddScoped<FulfilmentSteps>();
var lockTtl = builder.Configuration.GetSection("Worker").Get<WorkerOptions>()?.LockTtl ?? TimeSpan.FromSeconds(5);
builder.Services.AddAwaitlyStore<FulfilmentStore>(builder.Configuration.GetSection("Awaitly"))
    .AddWorkflow<FulfilmentSteps, Shipment>(Fulfilment.Name, Fulfilment.RunAsync, workflow => workflow.LockTtl = lockTtl);
builder.Services.AddHealthChecks().AddAwaitlyLibSql();
builder.Services.AddHostedService<OrderIntake>();
await builder.Build().RunAsync();
