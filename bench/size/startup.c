/* SPDX-License-Identifier: MIT
 *
 * Minimal Cortex-M4 start-up for the flash-size program: a vector table with
 * the initial stack pointer and the reset handler, .data copy and .bss clear.
 * Written with volatile accesses so the compiler cannot turn the loops into
 * memcpy/memset calls, which would hide the agent's own use of those. */

#include <stdint.h>

extern uint32_t _estack;
extern uint32_t _sidata;
extern uint32_t _sdata;
extern uint32_t _edata;
extern uint32_t _sbss;
extern uint32_t _ebss;

int main( void );
void Reset_Handler( void );
void Default_Handler( void );

void Default_Handler( void )
{
    for( ; ; )
    {
    }
}

void Reset_Handler( void )
{
    volatile uint32_t * src = &_sidata;
    volatile uint32_t * dst = &_sdata;

    while( dst < &_edata )
    {
        *dst++ = *src++;
    }

    for( dst = &_sbss; dst < &_ebss; )
    {
        *dst++ = 0U;
    }

    ( void ) main();

    for( ; ; )
    {
    }
}

/* Initial SP, reset, NMI, HardFault, MemManage, BusFault, UsageFault. */
__attribute__( ( section( ".isr_vector" ), used ) )
void ( * const g_vectors[] )( void ) =
{
    ( void ( * )( void ) ) ( &_estack ),
    Reset_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
};
