package io.tokencache.security;

import java.util.List;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * Decorates the application's own Spring Security OAuth2 client beans, once they are
 * initialized, so that they go through the cache: its token response clients (client
 * credentials, token exchange, JWT bearer, refresh token), and its stores of authorized clients, whose removal after a rejected token must also drop the
 * cached token.
 * <p>
 * Decorating, rather than defining competing beans, keeps the application's beans in charge and
 * leaves exactly one bean of each type for Spring Security's
 * {@code OAuth2AuthorizedClientManagerRegistrar} to find. A decorator implements the bean's
 * interface, not its class: declare such a bean by its interface type.
 */
final class TokenCachingBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private final ObjectProvider<OAuth2ClientTokens> tokens;

	private final List<Decoration> decorations;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	TokenCachingBeanPostProcessor(ObjectProvider<OAuth2ClientTokens> tokens, List<Decoration> decorations) {
		this.tokens = tokens;
		this.decorations = decorations;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		for (Decoration decoration : this.decorations) {
			if (decoration.applies(bean) && isTypeMatch(bean, beanName, decoration.type())) {
				return decoration.decorator().apply(bean, this.tokens.getObject());
			}
		}
		return bean;
	}

	/**
	 * Whether the bean's generic type matches, for types such as a response client of one grant.
	 * A lambda's class does not carry its generics, so the bean definition's type (a
	 * {@code @Bean} method's return type) is asked first, then the bean's class.
	 */
	private boolean isTypeMatch(Object bean, String beanName, ResolvableType type) {
		if (!type.hasGenerics()) {
			return true;
		}
		if (this.beanFactory != null && this.beanFactory.containsBeanDefinition(beanName)) {
			ResolvableType declared = this.beanFactory.getMergedBeanDefinition(beanName).getResolvableType();
			if (!declared.hasUnresolvableGenerics() && type.isAssignableFrom(declared)) {
				return true;
			}
		}
		return type.isAssignableFrom(ResolvableType.forClass(bean.getClass()));
	}

	/**
	 * One kind of bean to decorate.
	 * @param type the bean type, with generics where they tell beans apart
	 * @param decoratorClass the decorator's class, so that a bean is never decorated twice
	 * @param decorator makes the decorator of a bean
	 */
	record Decoration(ResolvableType type, Class<?> decoratorClass,
			BiFunction<Object, OAuth2ClientTokens, Object> decorator) {

		static <T> Decoration of(ResolvableType type, Class<?> decoratorClass,
				BiFunction<T, OAuth2ClientTokens, T> decorator) {
			@SuppressWarnings("unchecked")
			BiFunction<Object, OAuth2ClientTokens, Object> untyped = (bean, tokens) -> decorator.apply((T) bean,
					tokens);
			return new Decoration(type, decoratorClass, untyped);
		}

		static <T> Decoration of(Class<T> type, Class<? extends T> decoratorClass,
				BiFunction<T, OAuth2ClientTokens, T> decorator) {
			return of(ResolvableType.forClass(type), decoratorClass, decorator);
		}

		boolean applies(Object bean) {
			return type().toClass().isInstance(bean) && !this.decoratorClass.isInstance(bean);
		}

	}

}
